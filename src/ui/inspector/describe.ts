// What the inspector shows for a node: its full state as rows, and the actions it allows
// at this point of the timeline (as the kernel would answer them).
import type { WorldView } from '../../engine/view';
import { flbApiName, flbOps, kernelHas } from '../../engine/allowed';
import { makeProfile } from '../../engine/profiles';
import { moduleStatusText } from '../../engine/modules/catalog';
import type { NodeRef } from '../graph/structure';

export interface Described {
  heading: string;
  rows: [string, string][];
  actions: string[];
  /** a table of the session's files, for sessions */
  files?: { token: string; handler: string; state: string; data: string; content: string }[];
}

export function describeNode(ref: NodeRef, view: WorldView): Described | null {
  const current = ref.gen === view.gen;
  const past = view.past.find((p) => p.gen === ref.gen);
  const look = current ? view : past;
  const genNote: [string, string] = ['generation', current ? `${ref.gen} (current kernel)` : `${ref.gen} (ended by kexec)`];
  const kernel = makeProfile(view.profile, view.patches);
  const getName = kernelHas(kernel, 'get_name') ? ['GET_NAME'] : [];
  switch (ref.type) {
    case 'fd': {
      const t = current ? view.fds[ref.fd] : undefined;
      const rows: [string, string][] = [['fd', String(ref.fd)], genNote];
      if (!t) return { heading: `fd ${ref.fd}`, rows: [...rows, ['state', current ? 'closed' : 'gone: every fd disappears at kexec']], actions: [] };
      if (t.kind === 'device') return { heading: `fd ${ref.fd} → /dev/liveupdate`, rows: [...rows, ['refers to', '/dev/liveupdate (exclusive open)']], actions: ['CREATE_SESSION', 'RETRIEVE_SESSION', 'close (sessions are not affected)'] };
      if (t.kind === 'session') {
        const s = view.sessions[t.sid];
        return {
          heading: `fd ${ref.fd} → session "${t.name}"`,
          rows: [...rows, ['refers to', `session "${t.name}" (${s?.dir ?? '?'})`]],
          actions: s?.dir === 'outgoing' ? ['PRESERVE_FD', ...getName, 'close (unpreserves its files)'] : ['RETRIEVE_FD', 'FINISH', ...getName, 'close (finishes the session)'],
        };
      }
      const f = view.files[t.file];
      return {
        heading: `fd ${ref.fd} → ${t.fileKind} #${t.file}`,
        rows: [...rows, ['refers to', `${t.fileKind} #${t.file}`], ['content', f ? JSON.stringify(f.data) : '?']],
        actions: ['PRESERVE_FD into an outgoing session', 'read', 'write', 'dup', 'close'],
      };
    }
    case 'session': {
      const s = look?.sessions[ref.sid];
      if (!s) return { heading: `session ${ref.sid}`, rows: [genNote, ['state', 'gone (closed, or dropped at kexec)']], actions: [] };
      const files = s.order.map((k) => {
        const f = s.files[k]!;
        const held = current && f.file !== null ? view.files[f.file] : undefined;
        return { token: k, handler: f.handler, state: f.state + (f.error ? ` (${f.error})` : ''), data: f.data, content: held ? JSON.stringify(held.data) : '' };
      });
      const actions =
        !current ? [] : s.dir === 'outgoing' ? ['PRESERVE_FD', ...getName, 'close: unpreserves every file, nothing of it crosses the kexec', 'kexec: hands it over'] : s.finished ? ['close: frees the session'] : !s.retrieved ? ['RETRIEVE_SESSION (by name)'] : ['RETRIEVE_FD', 'FINISH', ...getName, 'close: finishes it (held if can_finish says no)'];
      return {
        heading: `session "${s.name}"`,
        rows: [
          genNote,
          ['name', JSON.stringify(s.name)],
          ['list', s.dir === 'outgoing' ? 'outgoing (created in this kernel, handed over at kexec)' : 'incoming (from the previous kernel)'],
          ['retrieved', String(s.retrieved)],
          ['finished', String(s.finished)],
          ['userspace fd open', !current ? 'no: every fd disappears at kexec' : s.open ? 'yes' : 'no'],
          ['files', String(s.order.length)],
        ],
        actions,
        files,
      };
    }
    case 'entry': {
      const s = look?.sessions[ref.sid];
      const f = s?.files[ref.token];
      if (!s || !f) return { heading: `token ${ref.token}`, rows: [genNote, ['state', 'gone (unpreserved or finished)']], actions: [] };
      const held = current && f.file !== null ? view.files[f.file] : undefined;
      const actions = !current ? [] : s.dir === 'outgoing' ? ['close the session: unpreserve()', 'kexec: freeze() then handed over'] : f.state === 'retrieved' ? ['RETRIEVE_FD again: the same file', 'FINISH: finish()'] : f.state === 'retrieve_failed' ? ['RETRIEVE_FD: the remembered error (7.1+)', 'FINISH: finish() with the error status'] : ['RETRIEVE_FD: retrieve()', 'FINISH: finish() discards it'];
      return {
        heading: `token ${ref.token} in "${s.name}"`,
        rows: [
          genNote,
          ['session', `"${s.name}" (${s.dir})`],
          ['token', ref.token],
          ['handler', f.handler],
          ['state', f.state],
          ['retrieve status', f.state === 'retrieved' ? 'retrieved (1)' : f.error ? `${f.error} (remembered)` : s.dir === 'incoming' ? 'not tried (0)' : '—'],
          ['serialized_data', f.data],
          ['struct file held by LUO', f.file === null ? 'none' : `#${f.file}`],
          ['content', held ? JSON.stringify(held.data) : '—'],
        ],
        actions,
      };
    }
    case 'handler': {
      const h = look?.handlers[ref.compatible];
      if (!h) return { heading: ref.compatible, rows: [genNote, ['state', 'unregistered']], actions: [] };
      return {
        heading: `handler ${h.compatible}`,
        rows: [genNote, ['compatible', h.compatible], ['module', h.module], ['module status', moduleStatusText(h.module) ?? 'custom (this scenario\'s own)'], ['accepts', h.accepts.join(', ')], ['FLBs (link order)', h.flbs.join(', ') || 'none']],
        actions: current ? [`rmmod ${h.module}`] : [],
      };
    }
    case 'flb': {
      const f = look?.flbs[ref.compatible];
      if (!f) return { heading: ref.compatible, rows: [genNote], actions: [] };
      const linked = Object.values(look!.handlers)
        .filter((h) => h.flbs.includes(f.compatible))
        .map((h) => h.compatible);
      return {
        heading: `FLB ${f.compatible}`,
        rows: [
          genNote,
          ['registered', String(f.registered)],
          ['handlers linked (users)', `${f.users}: ${linked.join(', ') || 'none'}`],
          ['outgoing count', String(f.outgoing.count)],
          ['outgoing data', f.outgoing.data ?? 'none'],
          ['incoming count', String(f.incoming.count)],
          ['incoming data', f.incoming.data ?? 'none'],
          ['retrieved', String(f.incoming.retrieved)],
          ['finished', String(f.incoming.finished)],
          ['retrieve error', f.incoming.error ?? 'none'],
        ],
        actions: current ? flbOps(kernel).map((op) => flbApiName(kernel, op)) : [],
      };
    }
    case 'handover': {
      const img = view.past.find((p) => p.gen === ref.gen)?.handover ?? (current ? view.handover : null);
      if (!img) return { heading: 'handover image', rows: [], actions: [] };
      return {
        heading: `handover image ${img.compatible} #${img.liveupdateNum}`,
        rows: [
          ['written by', `generation ${ref.gen}`],
          ['format', img.format],
          ['root compatible', img.compatible],
          ['liveupdate number', String(img.liveupdateNum)],
          ...img.sessions.map((s): [string, string] => [`session "${s.name}"`, s.files.map((f) => `token ${String(f.token)} ${f.compatible} ${f.data}`).join('; ') || 'no files']),
          ['FLB area', img.flbs === null ? 'none (no luo_flb.c)' : img.flbs.map((f) => `${f.name} count ${f.count} data ${f.data}`).join('; ') || 'empty'],
        ],
        actions: [],
      };
    }
  }
}
