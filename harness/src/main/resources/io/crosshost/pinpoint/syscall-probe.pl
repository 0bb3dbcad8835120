# Crosshost's syscall probe (run as: perl -e '<this text with the table filled in>').
# Attempts each system call of the table with harmless arguments and prints "name nr errno" (0 when the call was not
# refused), or "name nr skip reason" for the calls it must not make. Only perl-base is needed (Debian minbase has it).
# Harmless means: invalid fds (-1), NULL or bad pointers, zero or impossible lengths and flags, so that the kernel
# refuses after the seccomp filter has run. The seccomp filter sees the raw 64-bit registers, so arguments that a
# profile matches exactly (personality's 0xffffffff query) are given in the width the profile compares.
$| = 1;
my %skip = (
  'exit' => 'ends-the-probe',
  'exit_group' => 'ends-the-probe',
  'rt_sigreturn' => 'restores-a-signal-frame-that-is-not-there-SIGSEGV',
  'pause' => 'blocks-until-a-signal',
  'fork' => 'duplicates-the-probe',
  'vfork' => 'duplicates-the-probe',
  'reboot' => 'never-called',
  'vhangup' => 'hangs-up-the-terminal',
  'sync' => 'flushes-every-filesystem-of-the-shared-host',
  'uretprobe' => 'outside-a-uprobe-trampoline-the-kernel-sends-SIGILL',
  'uprobe' => 'outside-a-uprobe-trampoline-the-kernel-sends-SIGILL',
);
my %args = (
  'kill' => [0x3fffffff, 0],            # a pid above PID_MAX_LIMIT: ESRCH, no process is signalled
  'rt_sigqueueinfo' => [0x3fffffff, 0, 0],
  'rt_tgsigqueueinfo' => [0x3fffffff, 0x3fffffff, 0, 0],
  'clone' => [0x800, 0, 0, 0, 0],       # CLONE_SIGHAND without CLONE_VM: EINVAL before anything is copied
  'clone3' => [0, 0],                   # NULL clone_args, size 0: EINVAL
  'poll' => [0, -1, 0],                 # nfds above RLIMIT_NOFILE: EINVAL, never waits
  'ppoll' => [0, -1, 0, 0, 0],          # the same; a NULL timeout with nfds 0 would wait forever
  'wait4' => [-1, 0, -1, 0],            # unknown options: EINVAL, never waits
  'getrandom' => [0, 0, -1],            # unknown flags: EINVAL, never waits for entropy
  'personality' => [0xffffffff],        # the query form: changes nothing
  'setreuid' => [-1, -1], 'setregid' => [-1, -1],
  'setresuid' => [-1, -1, -1], 'setresgid' => [-1, -1, -1],
  'sethostname' => [0, -1], 'setdomainname' => [0, -1],
  'set_tid_address' => [0],
  'alarm' => [0],
  'umask' => [022],
);
my @table = map { [split /\s+/] } grep { /\S/ } split /\n/, q{__TABLE__};
require Config;
print "# crosshost-syscall-probe 1 $Config::Config{archname} ", scalar(@table), "\n";
for my $entry (@table) {
  my ($nr, $name) = @$entry;
  if (exists $skip{$name}) { print "$name $nr skip $skip{$name}\n"; next; }
  my @a = @{ $args{$name} || [-1, 0, 0, 0, 0, 0] };
  $! = 0;
  my $ret = syscall($nr + 0, @a);
  my $errno = $ret == -1 ? $! + 0 : 0;
  print "$name $nr $errno\n";
}
print "# end\n";
