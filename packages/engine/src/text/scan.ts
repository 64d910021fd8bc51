/**
 * The scan pass over a module's fields: gives every function, table, memory, global, type, element and data
 * segment its index (imports first, in text order, then definitions, as the spec's index spaces are built),
 * records identifiers so later passes resolve forward references, parses the explicit type definitions, and
 * rejects duplicate identifiers and imports after definitions. Field bodies are skipped.
 */
import type { ModuleContext, Space } from './context.js';
import { isValType, funcSig } from './types.js';
import { keywords } from './keywords.js';

/** How "import after …" names a kind of definition. */
const DEFINITION = keywords({ func: 'function', table: 'table', memory: 'memory', global: 'global' });

export function scanFields(m: ModuleContext): void {
  const c = m.c;
  const start = c.pos;
  let firstDefinition: string | undefined;
  while (c.isLParen()) {
    const fieldAt = c.pos;
    const head = c.groupHead();
    c.pos += 2;
    switch (head) {
      case 'type': {
        const idAt = c.pos;
        m.define('type', c.id(), idAt);
        c.group('func');
        const sig = funcSig(c, []);
        c.rparen();
        c.rparen();
        m.addType(sig);
        continue;
      }
      case 'import': {
        c.name();
        c.name();
        c.lparen();
        const kind = c.atom();
        if (kind === undefined || DEFINITION[kind] === undefined) throw c.unexpected();
        c.pos++;
        const idAt = c.pos;
        m.define(kind as Space, c.id(), idAt);
        if (firstDefinition !== undefined) throw c.error(`import after ${firstDefinition}`, fieldAt);
        break;
      }
      case 'func':
      case 'table':
      case 'memory':
      case 'global': {
        const idAt = c.pos;
        m.define(head, c.id(), idAt);
        while (c.isGroup('export')) c.skipGroup();
        if (c.isGroup('import')) {
          if (firstDefinition !== undefined) throw c.error(`import after ${firstDefinition}`, fieldAt);
        } else {
          firstDefinition ??= DEFINITION[head];
          if (head === 'table' && isValType(c) && c.isGroup('elem', c.pos + 1)) m.define('elem', undefined, c.pos);
          if (head === 'memory' && c.isGroup('data')) m.define('data', undefined, c.pos);
        }
        break;
      }
      case 'elem':
      case 'data': {
        const idAt = c.pos;
        m.define(head, c.id(), idAt);
        break;
      }
      case 'export':
      case 'start':
        break;
      default:
        throw c.error(head === undefined ? 'unexpected token' : 'unknown operator', fieldAt + 1);
    }
    c.pos = fieldAt;
    c.skipGroup();
  }
  c.pos = start;
}
