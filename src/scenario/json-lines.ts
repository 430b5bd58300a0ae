// Where each value of a JSON text starts: path ("steps[3].token") -> 1-based line. Lets the
// editor show a validation issue beside the line it is about. Tolerant: stops at an error.
export function jsonPathLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      i++;
    }
  };
  const str = (): string => {
    let out = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
      } else {
        if (text[i] === '\n') line++;
        out += text[i];
        i++;
      }
    }
    i++;
    return out;
  };
  const value = (path: string): boolean => {
    ws();
    lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return true;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') return false;
        const key = str();
        ws();
        if (text[i] !== ':') return false;
        i++;
        if (!value(path ? `${path}.${key}` : key)) return false;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return true;
        }
        return false;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return true;
      }
      for (let n = 0; ; n++) {
        if (!value(`${path}[${n}]`)) return false;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return true;
        }
        return false;
      }
    }
    if (c === '"') {
      str();
      return true;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  value('');
  return lines;
}

/** The line of the deepest known prefix of `path` (an issue may name a field that is absent). */
export function lineOf(lines: Map<string, number>, path: string): number | null {
  let p = path;
  for (;;) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return lines.get('') ?? null;
    p = p.slice(0, cut);
  }
}
