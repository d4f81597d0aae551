// Session expiry from the access token: the only module that imports jwt-decode (wrapper).
// The signature is not checked here: the server verifies every request.
import { jwtDecode } from "jwt-decode";

export function expiresAt(token: string): Date | null {
  const { exp } = jwtDecode<{ exp?: number }>(token);
  return exp ? new Date(exp * 1000) : null;
}
