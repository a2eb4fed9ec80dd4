import { createContext, useContext } from "react";
import type { UserProfile } from "../api/types";

/** The signed-in user, provided by the auth gate to everything behind it. */
export const SessionContext = createContext<UserProfile | null>(null);

export function useSession(): UserProfile {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession() used outside the auth gate");
  return session;
}
