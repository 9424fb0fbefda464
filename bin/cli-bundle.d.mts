export declare const REPO_ROOT: string
export declare const CLI_BUNDLE: string
export declare function cliBundleIsFresh(): boolean
