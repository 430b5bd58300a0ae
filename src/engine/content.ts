// File content in the event stream. The engine keeps a file's whole content; an event (and
// a step outcome) carries at most EVENT_DATA_CHARS of it and says how much there was
// (`dataLength`). Without the cap, one 200 KB memfd read 90,000 times put 18 GB in the log.
import type { LuoEvent } from './events';
import type { HandoverImage } from './handover';

/** The most content characters one event or step outcome carries. */
export const EVENT_DATA_CHARS = 256;

/** `s` cut to EVENT_DATA_CHARS with a visible mark of what was left out. */
export function clipContent(s: string): string {
  return s.length <= EVENT_DATA_CHARS ? s : `${s.slice(0, EVENT_DATA_CHARS)}… (${(s.length - EVENT_DATA_CHARS).toLocaleString('en')} more chars)`;
}

/** Content quoted for a message: JSON text, clipped. */
export function quoteContent(s: string): string {
  return s.length <= EVENT_DATA_CHARS ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, EVENT_DATA_CHARS))}… (${s.length.toLocaleString('en')} chars)`;
}

function clipImage(image: HandoverImage): HandoverImage {
  let long = false;
  for (const s of image.sessions) for (const f of s.files) if (f.payload !== undefined && f.payload.length > EVENT_DATA_CHARS) long = true;
  if (!long) return image;
  // a copy: the kernel reads the image itself at the next boot
  return {
    ...image,
    sessions: image.sessions.map((s) => ({
      ...s,
      files: s.files.map((f) => (f.payload !== undefined && f.payload.length > EVENT_DATA_CHARS ? { ...f, payload: clipContent(f.payload), payloadLength: f.payload.length } : f)),
    })),
  };
}

/** Clip the content an event carries, in place (every event is a fresh object). */
export function clipEventContent(ev: LuoEvent): void {
  switch (ev.type) {
    case 'result':
    case 'file_new':
    case 'file_write':
      if (ev.data !== undefined && ev.data.length > EVENT_DATA_CHARS) {
        ev.dataLength = ev.data.length;
        ev.data = clipContent(ev.data);
      }
      return;
    case 'handover':
      ev.image = clipImage(ev.image);
      return;
    default:
      return;
  }
}
