package io.crosshost.triage;

/** The part of the stack a verdict blames. */
public enum Component {
    SECCOMP("the host's seccomp profile"),
    SELINUX("SELinux labelling"),
    CAPABILITIES("Linux capabilities"),
    USER_NAMESPACE("user namespaces"),
    READ_ONLY_ROOTFS("the read-only root filesystem"),
    USER("the user the scenario runs as"),
    PRIVILEGES("privileges that --privileged lifts (devices, all capabilities, no seccomp or LSM confinement)"),
    OCI_RUNTIME("the OCI runtime (runc, crun)"),
    ENGINE("the container engine or its runtime"),
    KERNEL("the host kernel"),
    IMAGE("the image"),
    SCENARIO_OR_IMAGE("the scenario or the image, not a host"),
    NOT_REPRODUCIBLE("nothing stable: the cell passed when run again"),
    UNKNOWN("undetermined");

    private final String description;

    Component(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
