/**
 * Does a Go build need cgo? Read from the Dockerfile (CGO_ENABLED set in ENV, ARG, inline or
 * `go env -w`), from go.mod / go.sum (modules that only build with cgo) and from the project's
 * own sources (`import "C"`, the `cgo` hint of `ProjectContext`).
 */
import type { ProjectContext } from '../../api/contract';
import { argDefaults, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { isGoBuild, segmentsOf } from '../commands';

/**
 * Module paths (prefixes) whose packages need cgo: C bindings of sqlite, Kafka (librdkafka),
 * ImageMagick, RocksDB, zstd, libvips, libgit2, ZeroMQ, DuckDB, Oracle/DB2/ODBC drivers, GUI
 * and USB toolkits, wasm runtimes. Sources: each project's README ("requires cgo" /
 * "CGO_ENABLED=1"). A module listed here that a binary does not really compile only costs the
 * static runtime (the glibc runtime runs a static binary as well).
 */
export const CGO_MODULES: readonly string[] = [
  'github.com/mattn/go-sqlite3',
  'github.com/mutecomm/go-sqlcipher',
  'github.com/xeodou/go-sqlcipher',
  'github.com/crawshaw/sqlite',
  'github.com/gwenn/gosqlite',
  'gorm.io/driver/sqlite',
  'github.com/confluentinc/confluent-kafka-go',
  'gopkg.in/confluentinc/confluent-kafka-go',
  'gopkg.in/gographics/imagick',
  'github.com/gographics/imagick',
  'github.com/tecbot/gorocksdb',
  'github.com/linxGnu/grocksdb',
  'github.com/DataDog/zstd',
  'github.com/valyala/gozstd',
  'github.com/h2non/bimg',
  'github.com/davidbyttow/govips',
  'github.com/libgit2/git2go',
  'github.com/pebbe/zmq4',
  'github.com/zeromq/goczmq',
  'github.com/marcboeker/go-duckdb',
  'github.com/duckdb/duckdb-go',
  'github.com/godror/godror',
  'github.com/mattn/go-oci8',
  'github.com/ibmdb/go_ibm_db',
  'github.com/alexbrainman/odbc',
  'github.com/google/gopacket',
  'github.com/miekg/pkcs11',
  'github.com/seccomp/libseccomp-golang',
  'github.com/go-gl/',
  'github.com/veandco/go-sdl2',
  'github.com/gotk3/gotk3',
  'github.com/mattn/go-gtk',
  'github.com/karalabe/hid',
  'github.com/karalabe/usb',
  'github.com/google/gousb',
  'github.com/wasmerio/wasmer-go',
  'github.com/bytecodealliance/wasmtime-go',
  'github.com/otiai10/gosseract',
  'github.com/gen2brain/go-fitz',
  'github.com/chai2010/webp',
  'github.com/kolesa-team/go-webp',
  'github.com/giorgisio/goav',
  'github.com/asticode/go-astiav',
  'github.com/go-vgo/robotgo',
  'github.com/yalue/onnxruntime_go',
  'github.com/tensorflow/tensorflow',
];

/** The first cgo module a go.mod or go.sum names, or null. */
export function cgoModuleIn(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const l = line.replace(/\/\/.*$/, '').trim();
    // go.mod: `require x v1`, `x v1` inside a require block, `replace a => b v1`; go.sum: `x v1 h1:…`.
    // A `x v1/go.mod h1:…` line of go.sum is only the module graph, not code that is compiled.
    if (/\/go\.mod\s/.test(l)) continue;
    const words = l
      .replace(/^(require|replace)\s+/, '')
      .replace(/^.*=>\s*/, '')
      .split(/\s+/);
    const mod = words[0] ?? '';
    const hit = CGO_MODULES.find(
      (m) => mod === m || mod.startsWith(m.endsWith('/') ? m : `${m}/`) || mod.startsWith(`${m}.v`),
    );
    if (hit) return mod;
  }
  return null;
}

/** `go 1.16` of a go.mod as [major, minor], or null. */
function goDirective(gomod: string): [number, number] | null {
  const m = /^go\s+(\d+)\.(\d+)/m.exec(gomod);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export type CgoVerdict =
  /** The build runs with CGO_ENABLED=0 already (set by the Dockerfile): the binary is static. */
  | { kind: 'off-set' }
  /** Nothing needs cgo: Whittle may set CGO_ENABLED=0. */
  | { kind: 'off-free' }
  /** The build needs cgo; `why` names the evidence. */
  | { kind: 'on'; why: string }
  /** Whittle cannot tell; `why` says what is missing. */
  | { kind: 'unknown'; why: string };

/** A literal 0/1, or `?` for a value Whittle cannot read (`$CGO`). */
const unquote = (v: string): string => (/^[01]$/.test(v) ? v : '?');

/** The value CGO_ENABLED has for the `go build` at instruction `idx` of the stage, or null when unset. */
export function cgoSetting(model: DockerfileModel, stage: Stage, idx: number): string | null {
  let value: string | null = argDefaults(model.globalArgs).get('CGO_ENABLED') ?? null;
  // A global ARG reaches a stage only when re-declared there; its default then applies.
  const globalValue = value;
  value = null;
  const list = stage.instructions;
  for (let i = 0; i <= idx && i < list.length; i++) {
    const ins = list[i]!;
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      for (const m of ins.args.matchAll(/(?:^|\s)CGO_ENABLED(?:(=|\s+)["']?([^\s"']*))?/g)) {
        if (m[1] !== undefined) value = unquote(m[2]!);
        else if (ins.keyword === 'ARG') value = globalValue;
      }
    }
    if (ins.keyword !== 'RUN') continue;
    for (const seg of segmentsOf(ins)) {
      const set = /(?:^|\s)CGO_ENABLED=["']?([^\s"']*)/.exec(seg.cmd);
      // `export CGO_ENABLED=0`, `go env -w CGO_ENABLED=0` last for the RUN (or, go env, for good);
      // `CGO_ENABLED=0 go build` only for that command.
      if (set && /^(export|go\s+env\s+-w)\s/.test(seg.cmd)) value = unquote(set[1]!);
      if (i === idx && isGoBuild(seg.cmd))
        return set && !/^(export|go\s)/.test(seg.cmd) ? unquote(set[1]!) : value;
    }
  }
  return value;
}

/**
 * Whether the stage's go builds (at `builds`) need cgo. Evidence, strongest first: the build's
 * own CGO_ENABLED; `CGO_ENABLED=1` anywhere in the file; a cgo module in go.mod or go.sum;
 * `import "C"` in the project's Go files. Without go.mod, or without the `cgo` hint of the
 * project's sources, the answer is unknown.
 */
export function cgoVerdict(
  model: DockerfileModel,
  stage: Stage,
  builds: number[],
  project: ProjectContext,
): CgoVerdict {
  const settings = builds.map((i) => cgoSetting(model, stage, i));
  if (settings.length && settings.every((v) => v === '0')) return { kind: 'off-set' };
  if (settings.some((v) => v !== null && v !== '0'))
    return { kind: 'on', why: 'the build sets CGO_ENABLED=1' };
  if (/\bCGO_ENABLED=["']?1/.test(model.text))
    return { kind: 'on', why: 'the Dockerfile sets CGO_ENABLED=1' };
  const gomod = project.manifests?.['go.mod'];
  if (gomod === undefined)
    return {
      kind: 'unknown',
      why: 'Whittle was not given the go.mod at the root of the project, so it cannot tell whether the build needs cgo',
    };
  const mod = cgoModuleIn(gomod) ?? cgoModuleIn(project.manifests?.['go.sum'] ?? '');
  if (mod) return { kind: 'on', why: `go.mod requires ${mod}, which needs cgo` };
  if (project.cgo === true) return { kind: 'on', why: 'a Go file of the project imports "C"' };
  const ver = goDirective(gomod);
  const requires = /^\s*require\b/m.test(gomod);
  // Before go 1.17, go.mod lists only direct requirements; go.sum lists the rest.
  if (requires && (!ver || (ver[0] === 1 && ver[1] < 17)) && project.manifests?.['go.sum'] === undefined)
    return {
      kind: 'unknown',
      why: 'go.mod predates go 1.17 (it lists only direct requirements) and there is no go.sum, so Whittle cannot see whether a dependency needs cgo',
    };
  if (project.cgo === undefined)
    return {
      kind: 'unknown',
      why: 'Whittle could not read the project\'s Go files to see whether one imports "C"',
    };
  return { kind: 'off-free' };
}
