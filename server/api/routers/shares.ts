import { z } from "zod";
import { editorProcedure, publicProcedure, router } from "../trpc";
import { SHARE_KINDS, createShareLink, listShareLinks, revokeShareLink } from "../../sharing/shareLinks";

const target = z.object({ kind: z.enum(SHARE_KINDS), target: z.string().min(1).max(400) });

export const sharesRouter = router({
  /** The links made for one run, comparison or experiment. */
  list: editorProcedure.input(target).query(({ ctx, input }) => listShareLinks(ctx.db, input.kind, input.target)),
  /** A new link; its token is returned only here, once. */
  create: editorProcedure
    .input(target.extend({ label: z.string().max(120).optional(), expiresInDays: z.number().int().min(1).max(365).optional() }))
    .mutation(({ ctx, input }) =>
      createShareLink(ctx.db, { ...input, createdById: ctx.principal.kind === "user" ? ctx.principal.userId : null }),
    ),
  revoke: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => revokeShareLink(ctx.db, input.id)),
  /** What the share link the page was opened with covers (the page sends the token as a header). */
  opened: publicProcedure.query(({ ctx }) => {
    const p = ctx.principal;
    if (p.kind !== "share") return { valid: false as const, reason: p.kind === "anonymous" && p.why ? p.why : "This page was not opened from a share link." };
    return { valid: true as const, kind: p.scope.kind, target: p.scope.target, runIds: p.scope.kind === "comparison" ? p.scope.runIds : [] };
  }),
});
