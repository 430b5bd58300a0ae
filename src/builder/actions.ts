// The actions possible at a point of the timeline, as steps ready to append. Every action
// carries defaults that make sense there, so a scenario can be built by clicking only.
import type { WorldView } from '../engine/view';
import type { StepOutcome } from '../engine/engine';
import { catalogModule, CATALOG_IDS, FILE_KINDS } from '../engine/modules/catalog';
import { RELEASE_IDS, type Step } from '../scenario/types';
import { flbOps, kernelHas } from '../engine/allowed';
import { makeProfile } from '../engine/profiles';
import { freshName, liveBindings, type Binding } from './bindings';

export type ActionGroup = 'userspace' | 'sessions' | 'files' | 'kexec' | 'kernel' | 'faults';

export interface Action {
  /** stable key for lists and tests, e.g. "preserve_fd:s1:m1" */
  key: string;
  group: ActionGroup;
  label: string;
  step: Step;
  /** editable parameters of the step, with their choices when there are any */
  params: Param[];
}

export interface Param {
  field: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'bool';
  choices?: readonly string[];
}

const ERRNOS = ['ENOMEM', 'EIO', 'EINVAL', 'EBUSY', 'ENODEV', 'EAGAIN'];
const SESSION_NAMES = ['vm1', 'vm2', 'vm3', 'vm4', 'cache', 'state'];

function nextSessionName(view: WorldView): string {
  const used = new Set(Object.values(view.sessions).filter((s) => s.dir === 'outgoing').map((s) => s.name));
  return SESSION_NAMES.find((n) => !used.has(n)) ?? `vm${used.size + 1}`;
}

function nextToken(view: WorldView, sid: number): number {
  const s = view.sessions[sid];
  const used = new Set(s ? s.order.map(Number) : []);
  let t = 1;
  while (used.has(t)) t++;
  return t;
}

export interface BuildContext {
  steps: readonly Step[];
  outcomes: readonly StepOutcome[];
  /** the index of the last step the new one follows (-1: before step 0) */
  after: number;
  view: WorldView;
}

export function possibleActions(ctx: BuildContext): Action[] {
  const { steps, view } = ctx;
  const b = liveBindings(steps, ctx.outcomes, ctx.after, view);
  const devices = b.filter((x) => x.target.kind === 'device');
  const sessions = b.filter((x): x is Binding & { target: { kind: 'session'; sid: number; name: string } } => x.target.kind === 'session');
  const files = b.filter((x): x is Binding & { target: { kind: 'file'; file: number; fileKind: string } } => x.target.kind === 'file');
  const out: Action[] = [];
  const add = (a: Action) => out.push(a);
  if (view.halted) return [];
  const kernel = makeProfile(view.profile, view.patches);

  add({ key: 'open_device', group: 'userspace', label: 'Open /dev/liveupdate', step: { op: 'open_device', as: freshName(steps, 'luo') }, params: [{ field: 'as', label: 'name', kind: 'text' }] });
  for (const d of devices) {
    add({
      key: `create_session:${d.name}`,
      group: 'sessions',
      label: `Create a session (via ${d.name})`,
      step: { op: 'create_session', device: d.name, name: nextSessionName(view), as: freshName(steps, 's') },
      params: [{ field: 'name', label: 'session name', kind: 'text' }, { field: 'as', label: 'fd name', kind: 'text' }],
    });
    for (const s of Object.values(view.sessions).filter((x) => x.dir === 'incoming' && !x.retrieved))
      add({ key: `retrieve_session:${d.name}:${s.name}`, group: 'sessions', label: `Retrieve session "${s.name}"`, step: { op: 'retrieve_session', device: d.name, name: s.name, as: freshName(steps, 's') }, params: [{ field: 'as', label: 'fd name', kind: 'text' }] });
  }
  add({ key: 'create_file', group: 'files', label: 'Create a file (memfd, …)', step: { op: 'create_file', kind: 'memfd', as: freshName(steps, 'm'), data: 'guest memory' }, params: [{ field: 'kind', label: 'kind', kind: 'select', choices: FILE_KINDS }, { field: 'data', label: 'content', kind: 'text' }, { field: 'as', label: 'fd name', kind: 'text' }] });
  for (const s of sessions) {
    const sv = view.sessions[s.target.sid];
    if (!sv) continue;
    if (sv.dir === 'outgoing') {
      for (const f of files)
        add({ key: `preserve_fd:${s.name}:${f.name}`, group: 'sessions', label: `Preserve ${f.name} (${f.target.fileKind}) into "${sv.name}"`, step: { op: 'preserve_fd', session: s.name, fd: f.name, token: nextToken(view, sv.sid) }, params: [{ field: 'token', label: 'token', kind: 'number' }] });
    } else {
      for (const t of sv.order)
        add({ key: `retrieve_fd:${s.name}:${t}`, group: 'sessions', label: `Retrieve token ${t} from "${sv.name}"`, step: { op: 'retrieve_fd', session: s.name, token: Number(t), as: freshName(steps, 'm') }, params: [{ field: 'as', label: 'fd name', kind: 'text' }] });
      add({ key: `finish:${s.name}`, group: 'sessions', label: `Finish "${sv.name}"`, step: { op: 'finish', session: s.name }, params: [] });
    }
    if (kernelHas(kernel, 'get_name')) add({ key: `get_name:${s.name}`, group: 'sessions', label: `Get the name of ${s.name}`, step: { op: 'get_name', session: s.name }, params: [] });
  }
  for (const f of files) {
    add({ key: `read:${f.name}`, group: 'files', label: `Read ${f.name}`, step: { op: 'read', fd: f.name }, params: [] });
    add({ key: `write:${f.name}`, group: 'files', label: `Write to ${f.name}`, step: { op: 'write', fd: f.name, data: 'new data' }, params: [{ field: 'data', label: 'data', kind: 'text' }] });
  }
  for (const x of b) {
    add({ key: `close:${x.name}`, group: 'userspace', label: `Close ${x.name} (fd ${x.fd})`, step: { op: 'close', fd: x.name }, params: [] });
    add({ key: `dup:${x.name}`, group: 'userspace', label: `Dup ${x.name}`, step: { op: 'dup', fd: x.name, as: freshName(steps, `${x.name}_dup`) }, params: [{ field: 'as', label: 'fd name', kind: 'text' }] });
  }
  if (b.length) add({ key: 'exit_agent', group: 'userspace', label: 'Exit the agent process (closes every fd)', step: { op: 'exit_agent' }, params: [] });
  add({ key: 'kexec', group: 'kexec', label: 'kexec into the next kernel', step: { op: 'kexec' }, params: [{ field: 'profile', label: 'next kernel profile', kind: 'select', choices: ['(same)', ...RELEASE_IDS] }, { field: 'liveupdate', label: 'liveupdate=on', kind: 'bool' }] });
  for (const id of CATALOG_IDS) {
    const def = catalogModule(id)!;
    const isLoaded = view.modules.includes(id);
    if (def.handlers.length === 0 && !def.testFlbs && !def.flbs) continue;
    add(isLoaded ? { key: `unregister_module:${id}`, group: 'kernel', label: `Unload module ${id}`, step: { op: 'unregister_module', module: id }, params: [] } : { key: `register_module:${id}`, group: 'kernel', label: `Load module ${id}`, step: { op: 'register_module', module: id }, params: [] });
  }
  for (const c of Object.keys(view.flbs))
    for (const op of flbOps(kernel))
      add({ key: `${op}:${c}`, group: 'kernel', label: `${op.replace('flb_', '').replace('_', ' ')} FLB ${c}`, step: { op, flb: c }, params: [] });
  for (const h of Object.values(view.handlers))
    add({ key: `inject:${h.compatible}`, group: 'faults', label: `Make the next ${h.compatible} callback fail`, step: { op: 'inject', target: h.compatible, callback: 'preserve', errno: 'ENOMEM' }, params: [{ field: 'callback', label: 'callback', kind: 'select', choices: ['preserve', 'freeze', 'retrieve', 'can_preserve', 'can_finish'] }, { field: 'errno', label: 'errno', kind: 'select', choices: ERRNOS }] });
  for (const c of Object.keys(view.flbs))
    add({ key: `inject:${c}`, group: 'faults', label: `Make the next FLB ${c} callback fail`, step: { op: 'inject', target: c, callback: 'preserve', errno: 'ENOMEM' }, params: [{ field: 'callback', label: 'callback', kind: 'select', choices: ['preserve', 'retrieve'] }, { field: 'errno', label: 'errno', kind: 'select', choices: ERRNOS }] });
  return out;
}

/** Apply a parameter edit to an action's step, keeping the step valid for its op. */
export function withParam(step: Step, field: string, value: string | number | boolean): Step {
  const next = { ...step } as Record<string, unknown>;
  if (step.op === 'kexec' && field === 'profile') {
    if (value === '(same)') delete next.profile;
    else next.profile = value; // another kernel boots without the previous kernel's patches
  } else if (step.op === 'inject' && (field === 'callback' || field === 'errno')) {
    next[field] = value;
    if (next.callback === 'can_preserve' || next.callback === 'can_finish') {
      delete next.errno;
      next.result = false;
    } else {
      delete next.result;
      if (!next.errno) next.errno = 'ENOMEM';
    }
  } else if (step.op === 'kexec' && field === 'liveupdate') {
    if (value === true) delete next.liveupdate;
    else next.liveupdate = false;
  } else {
    next[field] = value;
  }
  return next as unknown as Step;
}
