/**
 * The one place that calls `ipcMain.handle` (GitHub Desktop's pattern): every API method is
 * registered through `register()`, which checks that the caller is our own page, validates the
 * arguments with the shared validators and turns any throw into a failed Result — Electron
 * would otherwise keep only `error.message` of a rejected handler.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channelOf, type WhittleApi, type WhittleMethod } from '../../shared/api/contract';
import { fail, toWhittleError, type Result } from '../../shared/api/result';
import { validateArgs, type ArgsOf } from '../../shared/api/validators';

/** Decides whether an IPC call comes from a page we trust (our renderer in our window). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

type Impl<M extends WhittleMethod> = (...args: ArgsOf<M>) => ReturnType<WhittleApi[M]>;

/** Registers one method on its derived channel. */
export function register<M extends WhittleMethod>(method: M, isTrusted: SenderCheck, impl: Impl<M>): void {
  ipcMain.handle(channelOf(method), async (event, ...args): Promise<Result<unknown>> => {
    if (!isTrusted(event)) return fail('UNAUTHORIZED', `${method}: call from an untrusted page refused`);
    const checked = validateArgs(method, args);
    if (!checked.ok) return checked;
    try {
      return await impl(...checked.value);
    } catch (err) {
      return { ok: false, error: toWhittleError(err) };
    }
  });
}

/** Registers every request method of `api`, each through `register()`. */
export function registerApi(
  api: WhittleApi,
  methods: readonly WhittleMethod[],
  isTrusted: SenderCheck,
): void {
  for (const m of methods) {
    const fn = api[m] as (...a: unknown[]) => Promise<Result<unknown>>;
    register(m, isTrusted, ((...a: unknown[]) => fn.apply(api, a)) as Impl<typeof m>);
  }
}
