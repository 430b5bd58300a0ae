// Every key the app answers to, for the help sheet.
export const SHORTCUTS: [string, string][] = [
  ['Space', 'play / pause'],
  ['← / →', 'previous / next event'],
  ['Shift + ← / →', 'previous / next scenario step'],
  ['Home / End', 'start / end of the timeline'],
  ['k / Shift+K', 'next / previous kexec'],
  ['c / Shift+C', 'next / previous callback'],
  ['e / Shift+E', 'next / previous error'],
  ['d / Shift+D', 'next / previous divergence (compare mode)'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo a builder or editor change'],
  ['Tab', 'the graph is one stop: arrows move between its nodes, Enter inspects one'],
  ['?', 'this help'],
  ['Esc', 'close this help, clear the selection'],
];

