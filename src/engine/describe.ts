// One-line text of a step, as a trace and the timeline print it.
import type { Step } from '../scenario/types';

const q = (s: string) => JSON.stringify(s);

export function describeStep(step: Step): string {
  switch (step.op) {
    case 'open_device':
      return `${step.as} = open("/dev/liveupdate")`;
    case 'close':
      return `close(${step.fd})`;
    case 'create_session':
      return `${step.as} = CREATE_SESSION(${step.device}, ${q(step.name)})`;
    case 'retrieve_session':
      return `${step.as} = RETRIEVE_SESSION(${step.device}, ${q(step.name)})`;
    case 'preserve_fd':
      return `PRESERVE_FD(${step.session}, ${step.fd}, token ${String(step.token)})`;
    case 'retrieve_fd':
      return `${step.as} = RETRIEVE_FD(${step.session}, token ${String(step.token)})`;
    case 'finish':
      return `FINISH(${step.session})`;
    case 'get_name':
      return `GET_NAME(${step.session})`;
    case 'create_file':
      return `${step.as} = ${step.kind === 'memfd' ? 'memfd_create()' : `open(${step.kind})`}${step.data ? ` with ${q(step.data)}` : ''}`;
    case 'write':
      return `write(${step.fd}, ${q(step.data)})`;
    case 'read':
      return `read(${step.fd})`;
    case 'dup':
      return `${step.as} = dup(${step.fd})`;
    case 'exit_agent':
      return 'exit() of the agent process';
    case 'kexec': {
      const next = [step.profile && `profile ${step.profile}`, step.modules && `modules ${step.modules.join(',') || '(none)'}`, step.liveupdate === false && 'liveupdate=off']
        .filter(Boolean)
        .join(', ');
      return `reboot(LINUX_REBOOT_CMD_KEXEC)${next ? ` into ${next}` : ''}`;
    }
    case 'register_module':
      return `insmod ${step.module}`;
    case 'unregister_module':
      return `rmmod ${step.module}`;
    case 'flb_get_incoming':
    case 'flb_put_incoming':
    case 'flb_get_outgoing':
    case 'flb_put_outgoing':
      return `liveupdate_${step.op}(${step.flb})`;
    case 'inject': {
      const what = step.result === false ? 'return false' : `fail with ${step.errno ?? 'an error'}`;
      const where = [step.session && `session ${q(step.session)}`, step.token !== undefined && `token ${String(step.token)}`].filter(Boolean).join(', ');
      return `inject: next ${step.target} ${step.callback}() will ${what}${where ? ` (${where})` : ''}`;
    }
  }
}
