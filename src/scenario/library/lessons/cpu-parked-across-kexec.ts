import { lessonScenario, type Lesson } from './lesson';

const title = 'OrphanVM (RFC): a physical CPU parked across the kexec';

export const cpuParkedAcrossKexec: Lesson = {
  id: 'cpu-parked-across-kexec',
  title,
  summary:
    'Preserving /sys/devices/system/cpu/cpu3/preserve takes the core offline and parks it; it stays parked through the kexec, and FINISH in the next kernel brings it back (the OrphanVM RFC, Sep 2026).',
  teaches:
    'The OrphanVM RFC adds handler cpu_fh_v1 with FLB cpu_flb_v1: preserve() runs remove_cpu() and parks the core outside the kernel, so it can keep running a guest vCPU while the host kexecs. ' +
    'The handler has no freeze(): nothing happens to the core at reboot, and the next kernel retrieves cpu_flb_v1 early in boot. ' +
    'FINISH brings the core back online; the RFC also preserves vCPUs (kvm_vcpu_luo_v1), while VMs and guest_memfd come from the KVM series (kvm_vm_luo_v1, guest_memfd_luo_v1).',
  tags: ['cpu', 'OrphanVM', 'RFC', 'kvm', 'flb', 'kexec', '7.3'],
  scenario: lessonScenario({
    title,
    description: 'cpu3 and a KVM vCPU are preserved in vm1 on 7.3 with modules cpu and kvm; after the kexec both are retrieved and FINISH releases the core.',
    kernel: { profile: '7.3' },
    modules: ['memfd', 'kvm', 'cpu'],
    steps: [
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'create_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'create_file', kind: 'cpu', as: 'cpu3', data: 'cpu3', expect: 'ok' },
      { op: 'create_file', kind: 'kvm-vcpu', as: 'vcpu0', expect: 'ok' },
      { op: 'preserve_fd', session: 's1', fd: 'cpu3', token: 3, expect: 'ok', note: 'cpu_flb_v1 preserve() (first file), then cpu_fh_v1 preserve(): cpu3 goes offline and is parked.' },
      { op: 'preserve_fd', session: 's1', fd: 'vcpu0', token: 10, expect: 'ok' },
      { op: 'kexec', expect: 'ok', note: 'No freeze() for the core: it keeps running parked while the next kernel boots.' },
      { op: 'open_device', as: 'luo', expect: 'ok' },
      { op: 'retrieve_session', device: 'luo', name: 'vm1', as: 's1', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 3, as: 'cpu3', expect: 'ok' },
      { op: 'retrieve_fd', session: 's1', token: 10, as: 'vcpu0', expect: 'ok' },
      { op: 'finish', session: 's1', expect: 'ok', note: 'FINISH: cpu3 comes back online; cpu_flb_v1 finish() runs after its last file.' },
    ],
  }),
};
