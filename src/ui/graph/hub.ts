// A node with more edges than this is a hub: a handler every file links to, the handover image,
// an fd number reused for file after file. Layout, culling and the view's following treat it
// apart (layered.ts, cull.ts, at.ts).
export const HUB_EDGES = 12;
