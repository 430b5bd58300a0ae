// React Flow node types, declared once outside any component.
import { LaneNode, LuoNode } from './nodes';

export const nodeTypes = { luo: LuoNode, lane: LaneNode };
