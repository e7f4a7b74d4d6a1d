import { publicProcedure, router } from "../trpc";
import { authModeFromEnv } from "../../auth/authMode";

/** Who the page is talking as, so it can show the user and hide actions the server would refuse. */
export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => {
    const p = ctx.principal;
    const signInRequired = authModeFromEnv().required;
    if (p.kind === "user") return { signInRequired, kind: p.kind, role: p.role, email: p.email, name: p.name };
    if (p.kind === "local") return { signInRequired, kind: p.kind, role: p.role, email: null, name: null };
    return { signInRequired, kind: p.kind, role: null, email: null, name: null };
  }),
});
