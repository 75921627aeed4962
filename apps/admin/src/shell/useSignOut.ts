import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useTRPC } from "../trpc.ts";

/**
 * Signs out (the API clears the cookie), marks the session as signed out so the console shows the
 * sign-in page at /, and drops every other cached answer (they belonged to the old session).
 */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const meKey = trpc.auth.me.queryKey();
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: async () => {
        queryClient.setQueryData(meKey, null);
        queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(meKey) });
        await navigate("/");
      },
    }),
  );
}
