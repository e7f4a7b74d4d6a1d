import { z } from "zod";
import { adminProcedure, router } from "../trpc";
import { ROLES } from "../../auth/roles";
import { addUser, listUsers, removeUser, setPassword, setRole } from "../../auth/users";

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  add: adminProcedure
    .input(z.object({ email: z.string().max(254), name: z.string().max(120).optional(), role: z.enum(ROLES), password: z.string().max(256) }))
    .mutation(({ ctx, input }) => addUser(ctx.db, input)),
  setRole: adminProcedure.input(z.object({ email: z.string().max(254), role: z.enum(ROLES) })).mutation(({ ctx, input }) => setRole(ctx.db, input.email, input.role)),
  setPassword: adminProcedure.input(z.object({ email: z.string().max(254), password: z.string().max(256) })).mutation(async ({ ctx, input }) => {
    await setPassword(ctx.db, input.email, input.password);
    return { changed: true };
  }),
  remove: adminProcedure.input(z.object({ email: z.string().max(254) })).mutation(async ({ ctx, input }) => {
    await removeUser(ctx.db, input.email);
    return { removed: true };
  }),
});
