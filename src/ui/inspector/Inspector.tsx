// Click any node to see its full state and the actions it allows now.
import { useEffect, useRef, memo } from 'react';
import { useLuo } from '../../store/store';
import { parseNodeId } from '../graph/structure';
import { describeNode } from './describe';
import { NodeActions } from './NodeActions';

function InspectorImpl() {
  const selection = useLuo((s) => s.selection);
  const view = useLuo((s) => s.view);
  const top = useRef<HTMLDivElement>(null);
  const id = selection?.kind === 'node' ? selection.id : null;
  useEffect(() => {
    // a new selection starts at its heading, not where the last one was scrolled to
    top.current?.closest('[role=tabpanel]')?.scrollTo({ top: 0 });
  }, [id]);
  if (!selection || selection.kind !== 'node') {
    return <p className="p-3 text-sm text-slate-600 dark:text-slate-400">Click a node in the graph (or Tab to the graph, move with the arrow keys and press Enter) to inspect it.</p>;
  }
  const ref = parseNodeId(selection.id);
  const d = ref ? describeNode(ref, view) : null;
  if (!d) return <p className="p-3 text-sm">Nothing to show for this node.</p>;
  return (
    <div ref={top} className="space-y-3 p-3 text-sm" data-testid="inspector">
      <h2 className="font-mono text-sm font-semibold [overflow-wrap:anywhere]">{d.heading}</h2>
      <table className="w-full text-xs">
        <tbody>
          {d.rows.map(([k, v]) => (
            <tr key={k} className="border-b border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="w-2/5 py-1 pr-2 text-left font-medium text-slate-600 dark:text-slate-400">
                {k}
              </th>
              <td className="py-1 font-mono [overflow-wrap:anywhere]">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.files && d.files.length > 0 ? (
        <table className="w-full text-xs">
          <caption className="text-left font-semibold">Files of this session</caption>
          <thead>
            <tr className="text-left text-slate-600 dark:text-slate-400">
              <th scope="col">token</th>
              <th scope="col">handler</th>
              <th scope="col">state</th>
              <th scope="col">content</th>
            </tr>
          </thead>
          <tbody>
            {d.files.map((f) => (
              <tr key={f.token} className="border-t border-slate-200 font-mono dark:border-slate-700">
                <td>{f.token}</td>
                <td>{f.handler}</td>
                <td>{f.state}</td>
                <td className="[overflow-wrap:anywhere]">{f.content || f.data}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div>
        <h3 className="text-xs font-semibold">Actions it allows now</h3>
        {d.actions.length ? (
          <ul className="mt-1 list-disc pl-5 text-xs">
            {d.actions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-slate-600 dark:text-slate-400">None at this point.</p>
        )}
      </div>
      <NodeActions id={selection.id} />
    </div>
  );
}

/** memo: the shell re-renders when the generation changes; this reads the store itself */
export const Inspector = memo(InspectorImpl);
