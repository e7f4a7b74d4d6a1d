import { router, publicProcedure } from "../trpc";
import { describeNodeKinds } from "../../nodes/describeNodeKinds";

export const nodesRouter = router({
  list: publicProcedure.query(() => describeNodeKinds()),
});
