declare const __VERSION__: string | undefined;

/** Replaced by the bundler; "dev" when running from source (tests). */
export const VERSION: string = typeof __VERSION__ === "string" ? __VERSION__ : "dev";
