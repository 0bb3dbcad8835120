/**
 * Pinpoint triage's building blocks (issue 14): pure logic and small interfaces, no Docker here.
 *
 * <p>How the runtime wires them (the only seam is {@link io.crosshost.pinpoint.ProbeContainers}, one short container of a
 * given host and image, and the cell rerun the caller already has):
 * <ul>
 *   <li>Which syscall: {@link io.crosshost.pinpoint.SyscallProbe#denials} (two probe containers: as the host runs
 *   them, and {@code seccomp=unconfined}) gives the denials; {@link io.crosshost.pinpoint.SyscallDenials#candidates}
 *   ranks them; {@link io.crosshost.pinpoint.Ddmin} minimises them, each test rerunning the cell with
 *   {@code seccomp=} {@link io.crosshost.pinpoint.SeccompProfileWriter#denying} the subset with the host's errnos
 *   ({@link io.crosshost.pinpoint.SyscallDenials#hostErrnos}); the confirmation reruns with the culprits denied with
 *   the host's errno (fails) and with ENOSYS (passes: the workaround).</li>
 *   <li>Which capability: {@link io.crosshost.pinpoint.Capabilities#PROBE_COMMAND} on each host, then
 *   {@link io.crosshost.pinpoint.Capabilities#missingRelativeTo} and one rerun per missing capability with
 *   {@code cap_add} of its {@link io.crosshost.pinpoint.Capabilities#capAddNames name}.</li>
 *   <li>Which package: {@link io.crosshost.pinpoint.PackageManager#inventoryProbeCommand} in P and F,
 *   {@link io.crosshost.pinpoint.PackageDiff#between}, {@link io.crosshost.pinpoint.Ddmin} over
 *   {@link io.crosshost.pinpoint.PackageDiff#hybridCandidates}, each test a hybrid: a created container of P that
 *   receives the tar of {@link io.crosshost.pinpoint.PackageFiles#exportCommand} run in F.</li>
 * </ul>
 */
package io.crosshost.pinpoint;
