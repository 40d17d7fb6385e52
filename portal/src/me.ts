import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api/types.ts';
import type { SessionState } from './auth/session.ts';

interface MeState {
  me: Me | undefined;
  meError: unknown;
  reloadMe: () => void;
  session: SessionState;
}

/** Who is signed in and what /me says about them, for every screen. */
export const MeContext = createContext<MeState>({
  me: undefined,
  meError: undefined,
  reloadMe: () => undefined,
  session: { status: 'signed-out' },
});

export const useMe = () => useContext(MeContext);
