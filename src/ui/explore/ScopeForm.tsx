// The scope form: the common fields of a scope, read from and written to its JSON text (the
// text stays the one truth; faults, goals and properties are edited there).
import { PATCH_IDS, PROFILE_IDS, STEP_OPS, type StepOp } from '../../scenario/types';
import { DEFAULT_OPS, MAX_DEPTH, MAX_KEXECS, MAX_SLOTS, MAX_STATES_LIMIT } from '../../explore/scope';
import { useExplore } from '../../store/explore';

type Obj = Record<string, unknown>;

function parse(text: string): Obj | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
  } catch {
    return null;
  }
}

const input = 'mt-0.5 block w-full rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs font-normal dark:border-slate-600 dark:bg-slate-800';
const label = 'block text-[11px] font-semibold';

function Num({ name, value, min, max, onChange }: { name: string; value: unknown; min: number; max: number; onChange: (n: number) => void }) {
  return (
    <label className={label}>
      {name}
      <input type="number" min={min} max={max} value={typeof value === 'number' ? value : ''} onChange={(e) => e.target.value !== '' && onChange(Number(e.target.value))} className={input} />
    </label>
  );
}

export function ScopeForm() {
  const text = useExplore((s) => s.text);
  const setText = useExplore((s) => s.setText);
  const scope = parse(text);
  if (!scope) return <p className="text-xs text-amber-800 dark:text-amber-300">The scope JSON below does not parse; fix it there.</p>;
  const set = (key: string, value: unknown) => setText(`${JSON.stringify({ ...scope, [key]: value }, null, 2)}\n`);
  const kernel = (scope.kernel ?? {}) as Obj;
  const setKernel = (key: string, value: unknown) => set('kernel', { ...kernel, [key]: value });
  const patches = Array.isArray(kernel.patches) ? (kernel.patches as string[]) : [];
  const ops = Array.isArray(scope.ops) ? (scope.ops as StepOp[]) : [...DEFAULT_OPS];
  const files = Array.isArray(scope.files) ? (scope.files as { kind?: unknown }[]) : [{ kind: 'memfd' }];
  const modules = Array.isArray(scope.modules) ? (scope.modules as string[]) : ['memfd'];
  return (
    <div className="space-y-2" data-testid="scope-form">
      <div className="grid grid-cols-3 gap-2">
        <label className={label}>
          Kernel
          <select aria-label="Kernel" value={typeof kernel.profile === 'string' ? kernel.profile : 'latest'} onChange={(e) => setKernel('profile', e.target.value)} className={input}>
            {PROFILE_IDS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <Num name="Sessions" value={scope.sessions ?? 1} min={0} max={MAX_SLOTS} onChange={(n) => set('sessions', n)} />
        <Num name="Kexecs" value={scope.kexecs ?? 1} min={0} max={MAX_KEXECS} onChange={(n) => set('kexecs', n)} />
        <Num name="Tokens" value={scope.tokens ?? Math.max(1, files.length)} min={1} max={MAX_SLOTS} onChange={(n) => set('tokens', n)} />
        <Num name="Depth" value={scope.depth ?? 10} min={1} max={MAX_DEPTH} onChange={(n) => set('depth', n)} />
        <Num name="Max states" value={scope.maxStates ?? 1_000_000} min={1} max={MAX_STATES_LIMIT} onChange={(n) => set('maxStates', n)} />
      </div>
      <label className={label}>
        Modules (comma-separated)
        <input type="text" value={modules.join(', ')} onChange={(e) => set('modules', e.target.value.split(',').map((x) => x.trim()).filter(Boolean))} className={input} />
      </label>
      <label className={label}>
        Files, one kind each (comma-separated)
        <input type="text" value={files.map((f) => String(f.kind ?? '')).join(', ')} onChange={(e) => set('files', e.target.value.split(',').map((x) => x.trim()).filter(Boolean).map((kind) => ({ kind })))} className={input} />
      </label>
      <fieldset>
        <legend className={label}>Patches</legend>
        <div className="flex flex-wrap gap-x-3">
          {PATCH_IDS.map((p) => (
            <label key={p} className="flex items-center gap-1 text-[11px]">
              <input type="checkbox" checked={patches.includes(p)} onChange={(e) => setKernel('patches', e.target.checked ? [...patches, p] : patches.filter((x) => x !== p))} />
              {p}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend className={label}>Operations to try</legend>
        <div className="grid grid-cols-2 gap-x-2">
          {STEP_OPS.map((op) => (
            <label key={op} className="flex items-center gap-1 font-mono text-[11px]">
              <input type="checkbox" checked={ops.includes(op)} onChange={(e) => set('ops', e.target.checked ? STEP_OPS.filter((x) => x === op || ops.includes(x)) : ops.filter((x) => x !== op))} />
              {op}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
