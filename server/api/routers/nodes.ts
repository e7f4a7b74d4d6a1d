import { router, viewerProcedure } from "../trpc";
import { describeNodeKinds } from "../../nodes/describeNodeKinds";

export const nodesRouter = router({
  list: viewerProcedure.query(() => describeNodeKinds()),
});
