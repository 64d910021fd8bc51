/**
 * `MemFs`: an in-memory filesystem (directories, regular files, hard and symbolic links) with POSIX semantics
 * for the operations WASI needs. It uses no host APIs, so it works in browsers, and with an injected clock its
 * timestamps are deterministic.
 */
import { Filetype } from '../constants.js';
import { Errno, fail } from '../errno.js';
import type { DirEntry, Filestat, OpenOptions, TimeSpec, WasiFile, WasiFilesystem } from './filesystem.js';

interface Meta {
  ino: bigint;
  nlink: number;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}
interface FileNode extends Meta {
  kind: 'file';
  data: Uint8Array;
  size: number;
}
interface DirNode extends Meta {
  kind: 'dir';
  entries: Map<string, Node>;
  parent: DirNode | undefined;
}
interface LinkNode extends Meta {
  kind: 'symlink';
  target: string;
}
type Node = FileNode | DirNode | LinkNode;

const FILETYPE = { file: Filetype.REGULAR_FILE, dir: Filetype.DIRECTORY, symlink: Filetype.SYMBOLIC_LINK } as const;

/** Contents to build a `MemFs` from: a string or bytes is a file, an object a directory. */
export interface MemTree {
  [name: string]: string | Uint8Array | MemTree;
}

/**
 * An in-memory filesystem.
 *
 * @example
 * ```ts
 * const fs = new MemFs({ 'hello.txt': 'hi', src: { 'main.c': 'int main() {}' } });
 * builder.preopen(fs, '/sandbox');
 * ```
 */
export class MemFs implements WasiFilesystem {
  readonly #root: DirNode;
  readonly #now: () => bigint;
  #nextIno = 1n;

  /**
   * @param tree - initial contents.
   * @param opts.now - the clock for timestamps in ns (default: `Date.now()`).
   */
  constructor(tree: MemTree = {}, opts: { now?: () => bigint } = {}) {
    this.#now = opts.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.#root = this.#dir(undefined);
    this.#fill(this.#root, tree);
  }

  #meta(): Meta {
    const t = this.#now();
    return { ino: this.#nextIno++, nlink: 1, atim: t, mtim: t, ctim: t };
  }
  #dir(parent: DirNode | undefined): DirNode {
    return { kind: 'dir', entries: new Map(), parent, ...this.#meta(), nlink: 2 };
  }
  #fill(dir: DirNode, tree: MemTree): void {
    for (const [name, v] of Object.entries(tree)) {
      if (typeof v === 'string' || v instanceof Uint8Array) {
        const data = typeof v === 'string' ? new TextEncoder().encode(v) : v.slice();
        dir.entries.set(name, { kind: 'file', data, size: data.length, ...this.#meta() });
      } else {
        const sub = this.#dir(dir);
        dir.entries.set(name, sub);
        this.#fill(sub, v);
      }
    }
  }

  #lookup(path: string): Node {
    let node: Node = this.#root;
    if (path === '') return node;
    for (const c of path.split('/')) {
      if (node.kind !== 'dir') fail(Errno.NOTDIR);
      const next: Node | undefined = node.entries.get(c);
      if (next === undefined) fail(Errno.NOENT, path);
      node = next;
    }
    return node;
  }
  /** The parent directory of `path` and the last component. */
  #parent(path: string): [DirNode, string] {
    if (path === '') fail(Errno.INVAL, 'the root has no parent');
    const i = path.lastIndexOf('/');
    const dir = this.#lookup(i < 0 ? '' : path.slice(0, i));
    if (dir.kind !== 'dir') fail(Errno.NOTDIR);
    return [dir, path.slice(i + 1)];
  }
  #touch(node: Meta): void {
    node.mtim = node.ctim = this.#now();
  }

  #stat(node: Node): Filestat {
    return {
      dev: 1n,
      ino: node.ino,
      filetype: FILETYPE[node.kind],
      nlink: BigInt(node.nlink),
      size: BigInt(node.kind === 'file' ? node.size : node.kind === 'symlink' ? node.target.length : 4096),
      atim: node.atim,
      mtim: node.mtim,
      ctim: node.ctim,
    };
  }
  #times(node: Meta, atim: TimeSpec, mtim: TimeSpec): void {
    const now = this.#now();
    if (atim !== undefined) node.atim = atim === 'now' ? now : atim;
    if (mtim !== undefined) node.mtim = mtim === 'now' ? now : mtim;
    node.ctim = now;
  }

  lstat(path: string): Filestat {
    return this.#stat(this.#lookup(path));
  }

  readlink(path: string): string {
    const node = this.#lookup(path);
    if (node.kind !== 'symlink') fail(Errno.INVAL);
    return node.target;
  }

  open(path: string, opts: OpenOptions): WasiFile {
    let node: Node | undefined;
    const [dir, name] = this.#parent(path);
    node = dir.entries.get(name);
    if (node !== undefined && opts.create && opts.exclusive) fail(Errno.EXIST);
    if (node === undefined) {
      if (!opts.create) fail(Errno.NOENT);
      node = { kind: 'file', data: new Uint8Array(0), size: 0, ...this.#meta() };
      dir.entries.set(name, node);
      this.#touch(dir);
    }
    if (node.kind === 'symlink') fail(Errno.LOOP);
    if (node.kind === 'dir') fail(Errno.ISDIR);
    if (opts.truncate) {
      node.data = new Uint8Array(0);
      node.size = 0;
      this.#touch(node);
    }
    return new MemFile(node, this.#now, (n, a, m) => this.#times(n, a, m), (n) => this.#stat(n));
  }

  readdir(path: string): DirEntry[] {
    const node = this.#lookup(path);
    if (node.kind !== 'dir') fail(Errno.NOTDIR);
    return [...node.entries].map(([name, n]) => ({ name, filetype: FILETYPE[n.kind], ino: n.ino }));
  }

  mkdir(path: string): void {
    const [dir, name] = this.#parent(path);
    if (dir.entries.has(name)) fail(Errno.EXIST);
    dir.entries.set(name, this.#dir(dir));
    dir.nlink++;
    this.#touch(dir);
  }

  rmdir(path: string): void {
    const [dir, name] = this.#parent(path);
    const node = dir.entries.get(name);
    if (node === undefined) fail(Errno.NOENT);
    if (node.kind !== 'dir') fail(Errno.NOTDIR);
    if (node.entries.size > 0) fail(Errno.NOTEMPTY);
    dir.entries.delete(name);
    dir.nlink--;
    this.#touch(dir);
  }

  unlink(path: string): void {
    const [dir, name] = this.#parent(path);
    const node = dir.entries.get(name);
    if (node === undefined) fail(Errno.NOENT);
    if (node.kind === 'dir') fail(Errno.ISDIR);
    dir.entries.delete(name);
    node.nlink--;
    node.ctim = this.#now();
    this.#touch(dir);
  }

  rename(from: string, to: string): void {
    const [fromDir, fromName] = this.#parent(from);
    const node = fromDir.entries.get(fromName);
    if (node === undefined) fail(Errno.NOENT);
    const [toDir, toName] = this.#parent(to);
    const old = toDir.entries.get(toName);
    if (old === node) return;
    if (node.kind === 'dir') {
      for (let d: DirNode | undefined = toDir; d !== undefined; d = d.parent) if (d === node) fail(Errno.INVAL);
      if (old !== undefined && old.kind !== 'dir') fail(Errno.NOTDIR);
      if (old !== undefined && old.kind === 'dir' && old.entries.size > 0) fail(Errno.NOTEMPTY);
    } else if (old !== undefined && old.kind === 'dir') {
      fail(Errno.ISDIR);
    }
    if (old !== undefined) {
      old.nlink--;
      if (old.kind === 'dir') toDir.nlink--;
    }
    fromDir.entries.delete(fromName);
    toDir.entries.set(toName, node);
    if (node.kind === 'dir') {
      fromDir.nlink--;
      toDir.nlink++;
      node.parent = toDir;
    }
    node.ctim = this.#now();
    this.#touch(fromDir);
    this.#touch(toDir);
  }

  link(existing: string, path: string): void {
    const node = this.#lookup(existing);
    if (node.kind === 'dir') fail(Errno.PERM);
    const [dir, name] = this.#parent(path);
    if (dir.entries.has(name)) fail(Errno.EXIST);
    dir.entries.set(name, node);
    node.nlink++;
    node.ctim = this.#now();
    this.#touch(dir);
  }

  symlink(target: string, path: string): void {
    const [dir, name] = this.#parent(path);
    if (dir.entries.has(name)) fail(Errno.EXIST);
    dir.entries.set(name, { kind: 'symlink', target, ...this.#meta() });
    this.#touch(dir);
  }

  setTimes(path: string, atim: TimeSpec, mtim: TimeSpec): void {
    this.#times(this.#lookup(path), atim, mtim);
  }
}

class MemFile implements WasiFile {
  constructor(
    readonly node: FileNode,
    readonly now: () => bigint,
    readonly times: (n: FileNode, a: TimeSpec, m: TimeSpec) => void,
    readonly statOf: (n: FileNode) => Filestat,
  ) {}

  read(buf: Uint8Array, position: number): number {
    const { node } = this;
    if (position >= node.size) return 0;
    const n = Math.min(buf.length, node.size - position);
    buf.set(node.data.subarray(position, position + n));
    node.atim = this.now();
    return n;
  }

  write(buf: Uint8Array, position: number): number {
    const end = position + buf.length;
    this.#reserve(end);
    this.node.data.set(buf, position);
    if (end > this.node.size) this.node.size = end;
    this.node.mtim = this.node.ctim = this.now();
    return buf.length;
  }

  #reserve(size: number): void {
    const { node } = this;
    if (size <= node.data.length) return;
    const grown = new Uint8Array(Math.max(size, node.data.length * 2, 64));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  }

  stat(): Filestat {
    return this.statOf(this.node);
  }

  setSize(size: number): void {
    const { node } = this;
    if (size > node.size) {
      this.#reserve(size);
      node.data.fill(0, node.size, size);
    } else {
      node.data.fill(0, size, node.size);
    }
    node.size = size;
    node.mtim = node.ctim = this.now();
  }

  setTimes(atim: TimeSpec, mtim: TimeSpec): void {
    this.times(this.node, atim, mtim);
  }

  sync(): void {}
  close(): void {}
}
