import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/run';
import { project } from '../engine/projection';
import { buildStructure } from '../ui/graph/structure';
import { renderGraph } from '../ui/graph/render';
import { graphSvg } from './svg';
import type { Scenario } from '../scenario/types';

const hostile: Scenario = {
  format: 'luoscope-scenario',
  version: 1,
  title: '<script>alert(1)</script> & co',
  steps: [
    { op: 'open_device', as: 'luo' },
    { op: 'create_session', device: 'luo', name: '<img src=x onerror=1>', as: 's' },
  ],
};

describe('graphSvg', () => {
  it('draws every visible node and escapes every string', () => {
    const run = runScenario(hostile);
    const st = buildStructure(run.events);
    const { nodes, edges } = renderGraph(st, project(run.events), run.events.length, { touched: new Set(), failed: new Map() });
    const svg = graphSvg(nodes, edges, hostile.title!);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(svg).toContain('&quot;&lt;img src=x onerror=1&gt;&quot;');
    expect(svg.match(/<rect [^>]*rx="6"/g)!.length).toBe(nodes.filter((n) => n.type === 'luo').length);
  });

  it('writes control characters visibly, so the SVG stays XML (a \\u0001 in a name broke it and the PNG)', () => {
    const s: Scenario = { format: 'luoscope-scenario', version: 1, title: 't\u0001\u001b', steps: [{ op: 'open_device', as: 'luo' }, { op: 'create_session', device: 'luo', name: 'vm\u0001\ud800', as: 's' }] };
    const run = runScenario(s);
    const st = buildStructure(run.events);
    const { nodes, edges } = renderGraph(st, project(run.events), run.events.length, { touched: new Set(), failed: new Map() });
    const svg = graphSvg(nodes, edges, s.title!);
    // XML 1.0 Char: no C0 but tab/newline/CR, no lone surrogates
    // eslint-disable-next-line no-control-regex -- what XML does not allow
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(svg).toContain('t\\x01\\x1b');
    expect(svg).toContain('vm\\x01\\ud800');
  });
});
