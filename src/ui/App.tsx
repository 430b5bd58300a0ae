// Placeholder page; the real UI replaces this.
export function App() {
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-3xl font-bold tracking-tight">luoscope</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Simulator and visualizer of the Linux kernel&apos;s Live Update Orchestrator.
      </p>
    </main>
  );
}
