// "New scenario": an empty scenario of its own (title, kernel, patches, modules, liveupdate),
// so what is built next does not carry the previous scenario's title, description or modules.
import { useEffect, useRef, useState } from 'react';
import { CATALOG_IDS } from '../../engine/modules/catalog';
import { PATCH_IDS, RELEASE_IDS, NEWEST_RELEASE, type PatchId, type ProfileId, type Scenario } from '../../scenario/types';
import { newScenario } from './scenario';

const field = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100';

export function NewScenarioDialog({ onCreate, onClose }: { onCreate: (s: Scenario) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState('');
  const [profile, setProfile] = useState<ProfileId>('latest');
  const [patches, setPatches] = useState<PatchId[]>([]);
  const [modules, setModules] = useState<string[]>(['memfd']);
  const [liveupdate, setLiveupdate] = useState(true);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const toggle = <T,>(list: T[], x: T, on: boolean) => (on ? [...list.filter((y) => y !== x), x] : list.filter((y) => y !== x));
  return (
    <dialog ref={ref} onCancel={onClose} aria-labelledby="new-title" className="m-auto w-[26rem] max-w-full rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="new-title" className="text-base font-semibold">
        New scenario
      </h2>
      <form
        className="mt-3 space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          onCreate(newScenario({ title, profile, patches, modules, liveupdate }));
        }}
      >
        <label className="flex flex-col gap-1">
          Title
          <input className={field} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New scenario" autoFocus />
        </label>
        <label className="flex flex-col gap-1">
          Kernel
          <select className={field} value={profile} onChange={(e) => setProfile(e.target.value as ProfileId)}>
            <option value="latest">latest ({NEWEST_RELEASE})</option>
            {[...RELEASE_IDS].reverse().map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Patches</legend>
          <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
            {PATCH_IDS.map((p) => (
              <label key={p} className="flex items-center gap-1 font-mono text-xs">
                <input type="checkbox" checked={patches.includes(p)} onChange={(e) => setPatches(toggle(patches, p, e.target.checked))} />
                {p}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Modules loaded at boot</legend>
          <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
            {CATALOG_IDS.map((m) => (
              <label key={m} className="flex items-center gap-1 font-mono text-xs">
                <input type="checkbox" checked={modules.includes(m)} onChange={(e) => setModules(toggle(modules, m, e.target.checked))} />
                {m}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={liveupdate} onChange={(e) => setLiveupdate(e.target.checked)} />
          liveupdate=on (the kernel command line switch)
        </label>
        <div className="flex justify-end gap-2 pt-1">
          <button type="button" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-600" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="rounded bg-sky-700 px-3 py-1 font-semibold text-white hover:bg-sky-800">
            Create
          </button>
        </div>
      </form>
    </dialog>
  );
}
