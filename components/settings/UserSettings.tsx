"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/TrpcProvider";
import { useAccess } from "@/components/auth/AccessProvider";
import { ROLES, type Role } from "@/server/auth/roles";
import { absoluteTime } from "@/components/ui/time";

const ROLE_TEXT: Record<Role, string> = {
  viewer: "reads everything, changes nothing",
  editor: "also datasets, pipelines, runs, experiments, share links",
  admin: "also model endpoints and users",
};

/** Accounts and roles (admins, when the studio asks for sign-in). */
export function UserSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const access = useAccess();
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: access.role === "admin" });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const add = useMutation(trpc.users.add.mutationOptions({ onSuccess: refresh }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.users.remove.mutationOptions({ onSuccess: refresh }));
  const [role, setNewRole] = useState<Role>("viewer");
  if (access.role !== "admin" || !access.signInRequired) return null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    add.mutate(
      { email: String(form.get("email")), name: String(form.get("name") || "") || undefined, role, password: String(form.get("password")) },
      { onSuccess: () => target.reset() },
    );
  }
  const error = add.error ?? setRole.error ?? remove.error;

  return (
    <section className="card" data-testid="user-settings">
      <h2>Users</h2>
      <p className="muted small">{ROLES.map((r) => `${r}: ${ROLE_TEXT[r]}`).join(" · ")}</p>
      <div className="table-scroll">
        <table className="table inner">
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Name</th>
              <th>Role</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td>
                  <select className="compact" value={u.role} aria-label={`Role of ${u.email}`} onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="small muted">{absoluteTime(u.createdAt)}</td>
                <td>
                  {u.email === access.email ? (
                    <span className="muted small">you</span>
                  ) : (
                    <button type="button" className="link-btn small" onClick={() => remove.mutate({ email: u.email })}>
                      remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={onSubmit} className="row wrap gap" data-testid="add-user">
        <input name="email" type="email" placeholder="e-mail" required aria-label="E-mail" />
        <input name="name" placeholder="name (optional)" aria-label="Name" />
        <input name="password" type="password" placeholder="password (10+ characters)" minLength={10} required aria-label="Password" autoComplete="new-password" />
        <select className="compact" value={role} onChange={(e) => setNewRole(e.target.value as Role)} aria-label="Role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit" className="btn primary small" disabled={add.isPending}>
          Add user
        </button>
      </form>
      {error ? <p className="error small">{error.message}</p> : null}
    </section>
  );
}
