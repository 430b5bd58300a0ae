// "Compare with…": pick kernel B (profile, patches, boot modules, the liveupdate switch) for
// the scenario at hand; A is the scenario's own kernel. kexec steps that name a kernel keep it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { checkKernel, describeKernel, kernelOf, type CompareKernel } from '../../compare/config';
import { PATCH_IDS, PROFILE_IDS, RELEASE_IDS, type PatchId, type ProfileId, type ResolvedScenario } from '../../scenario/types';
import { useCompare } from '../../store/compare';
import { useLuo } from '../../store/store';

const field = 'rounded border border-slate-300 bg-white px-1.5 py-0.5 text-sm dark:border-slate-600 dark:bg-slate-800';

/** A sensible B: the current B, or A on the next release (the one before, from the newest). */
function initialB(a: CompareKernel, current: CompareKernel | null): CompareKernel {
  if (current) return current;
  const i = RELEASE_IDS.indexOf(a.profile as (typeof RELEASE_IDS)[number]);
  const profile: ProfileId = i >= 0 && i < RELEASE_IDS.length - 1 ? RELEASE_IDS[i + 1]! : i > 0 ? RELEASE_IDS[i - 1]! : '7.1';
  return { ...a, profile };
}

export default function CompareDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const scenario = useLuo((s) => s.scenario) as ResolvedScenario | null;
  const a = useMemo(() => (scenario ? kernelOf(scenario) : null), [scenario]);
  const [b, setB] = useState<CompareKernel>(() => initialB(a ?? { profile: '7.1', patches: [], modules: ['memfd'], liveupdate: true }, useCompare.getState().b));
  const [modules, setModules] = useState(b.modules.join(', '));
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const close = () => useCompare.getState().setDialog(false);
  const next: CompareKernel = { ...b, modules: modules.split(',').map((m) => m.trim()).filter(Boolean) };
  const check = scenario ? checkKernel(scenario, next) : null;
  const togglePatch = (p: PatchId) => setB({ ...b, patches: b.patches.includes(p) ? b.patches.filter((x) => x !== p) : PATCH_IDS.filter((x) => x === p || b.patches.includes(x)) });
  const go = () => {
    if (useCompare.getState().start(next)) close();
  };
  return (
    <dialog ref={ref} onCancel={close} aria-labelledby="compare-title" className="m-auto w-[min(32rem,92vw)] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="compare-title" className="text-base font-semibold">
        Compare with another kernel
      </h2>
      <p className="mt-1 text-sm">
        A is the scenario's kernel{a ? <span className="font-mono"> ({describeKernel(a, scenario?.version)})</span> : null}. B runs the same steps on the kernel you pick here; a kexec step that names a kernel boots that kernel on both sides.
      </p>
      <form
        className="mt-3 space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <label className="flex items-center gap-2">
          <span className="w-24 font-semibold">Profile</span>
          <select className={field} value={b.profile} onChange={(e) => setB({ ...b, profile: e.target.value as ProfileId })} aria-label="Kernel B profile">
            {PROFILE_IDS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex gap-2">
          <legend className="float-left w-24 font-semibold">Patches</legend>
          <div className="flex flex-col gap-0.5">
            {PATCH_IDS.map((p) => (
              <label key={p} className="flex items-center gap-1.5 font-mono text-xs">
                <input type="checkbox" checked={b.patches.includes(p)} onChange={() => togglePatch(p)} />
                {p}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex items-center gap-2">
          <span className="w-24 font-semibold">Boot modules</span>
          <input className={`${field} flex-1 font-mono`} value={modules} onChange={(e) => setModules(e.target.value)} aria-label="Kernel B boot modules, comma-separated" />
        </label>
        <label className="flex items-center gap-2">
          <span className="w-24 font-semibold">liveupdate</span>
          <input type="checkbox" checked={b.liveupdate} onChange={(e) => setB({ ...b, liveupdate: e.target.checked })} aria-label="Kernel B has live update on" />
          <span className="text-xs text-slate-600 dark:text-slate-400">on (the kernel command line switch)</span>
        </label>
        {check && !check.ok ? (
          <p role="alert" className="text-xs text-red-800 dark:text-red-300">
            {check.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 pt-1">
          <button type="button" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-600" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="rounded bg-sky-700 px-3 py-1 font-semibold text-white hover:bg-sky-800 disabled:opacity-40" disabled={!check?.ok}>
            Compare
          </button>
        </div>
      </form>
    </dialog>
  );
}
