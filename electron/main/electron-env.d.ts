/**
 * The subset of Electron's API that main and preload use, declared here because the `electron`
 * package (and its typings) is an optionalDependency whose binary download can fail — and then
 * npm removes the whole package. An ambient module declaration is used before node_modules, so
 * this file is what the compiler checks against either way; it mirrors Electron 39's signatures
 * for exactly what we call, nothing more. Add a member here before using it.
 */
declare module 'electron' {
  global {
    namespace NodeJS {
      interface Process {
        /** Electron: the folder holding app.asar and extraResources. */
        readonly resourcesPath: string;
      }
    }
  }

  type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

  interface EventEmitterLike<Self> {
    on(event: string, listener: Listener): Self;
    once(event: string, listener: Listener): Self;
  }

  export interface Rectangle {
    x: number;
    y: number;
    width: number;
    height: number;
  }

  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    navigateOnDragDrop?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
  }

  export interface BrowserWindowConstructorOptions {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    icon?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  export interface InputEvent {
    type: 'keyDown' | 'keyUp' | 'char';
    keyCode: string;
    modifiers?: Array<'control' | 'meta' | 'shift' | 'alt'>;
  }

  export interface HandlerDetails {
    url: string;
  }

  export interface Session {
    setPermissionRequestHandler(
      handler: ((wc: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null,
    ): void;
    setPermissionCheckHandler(
      handler: ((wc: WebContents | null, permission: string) => boolean) | null,
    ): void;
    webRequest: {
      onHeadersReceived(
        listener: (
          details: { url: string; responseHeaders?: Record<string, string[]> },
          callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
        ) => void,
      ): void;
    };
  }

  export interface WebContents extends EventEmitterLike<WebContents> {
    readonly id: number;
    readonly session: Session;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    getURL(): string;
    openDevTools(options?: { mode: 'detach' | 'right' | 'bottom' | 'undocked' }): void;
    sendInputEvent(event: InputEvent): void;
    setWindowOpenHandler(
      handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' },
    ): void;
  }

  export class BrowserWindow implements EventEmitterLike<BrowserWindow> {
    constructor(options?: BrowserWindowConstructorOptions);
    static getAllWindows(): BrowserWindow[];
    static fromWebContents(wc: WebContents): BrowserWindow | null;
    readonly webContents: WebContents;
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    loadFile(filePath: string, options?: { query?: Record<string, string> }): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    maximize(): void;
    isMinimized(): boolean;
    isMaximized(): boolean;
    isDestroyed(): boolean;
    getNormalBounds(): Rectangle;
  }

  export interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: { url: string } | null;
  }

  export const ipcMain: {
    handle(
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
    ): void;
    removeHandler(channel: string): void;
  };

  export interface IpcRendererEvent {
    sender: unknown;
  }

  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  };

  export const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };

  export interface MenuItemConstructorOptions {
    label?: string;
    role?: string;
    type?: 'normal' | 'separator' | 'submenu';
    accelerator?: string;
    registerAccelerator?: boolean;
    enabled?: boolean;
    visible?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }

  export class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  export const dialog: {
    showOpenDialog(
      window: BrowserWindow,
      options: { title?: string; properties: Array<'openDirectory' | 'createDirectory' | 'openFile'> },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showErrorBox(title: string, content: string): void;
  };

  export const session: { defaultSession: Session };

  export const app: EventEmitterLike<unknown> & {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    requestSingleInstanceLock(): boolean;
    getPath(name: 'userData' | 'home' | 'documents'): string;
    getAppPath(): string;
    addRecentDocument(path: string): void;
    setAppUserModelId(id: string): void;
  };
}
