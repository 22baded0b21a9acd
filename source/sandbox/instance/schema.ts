// The served schema: the published SDL subset (schema-sdl.ts) with resolvers attached to its
// root fields (the data API's in data-api.ts). Unions resolve through __typename on the returned objects.
import {
  buildSchema,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  OverlappingFieldsCanBeMergedRule,
  specifiedRules,
} from "graphql";
import { InvalidBearer } from "./access.js";
import { CloudUnavailable, OAuthError } from "./cloud-client.js";
import type { RequestContext } from "./context.js";
import { attachDataResolvers } from "./data-api.js";
import type { DeviceFlows, Outcome } from "./flows.js";
import { CLOUD_UNAVAILABLE, INVALID_TOKEN } from "./guesses.js";
import type { GuestLogin } from "./guest-login.js";
import type { RequestLog } from "./request-log.js";
import { SCHEMA_SDL } from "./schema-sdl.js";
import type { Caller, Sessions } from "./sessions.js";
import { cloudError, type UserError } from "./tokens.js";

/**
 * All standard rules but one: the official client selects `reason` on two union members whose
 * enums differ, which OverlappingFieldsCanBeMerged refuses and the real instance accepts.
 */
export const validationRules = specifiedRules.filter(
  (rule) => rule !== OverlappingFieldsCanBeMergedRule,
);

export function buildServedSchema(): GraphQLSchema {
  return buildSchema(SCHEMA_SDL);
}

export interface Services {
  flows: DeviceFlows;
  sessions: Sessions;
  guestLogin: GuestLogin;
  requests: RequestLog;
}

export function attachResolvers(
  schema: GraphQLSchema,
  { flows, sessions, guestLogin, requests }: Services,
): GraphQLSchema {
  const on = (type: GraphQLObjectType | null | undefined, name: string) => {
    const field = type?.getFields()[name];
    if (!field) throw new Error(`the served schema has no ${type?.name}.${name}`);
    return field;
  };
  type Resolver = GraphQLFieldResolver<unknown, RequestContext>;

  const caller = async (ctx: RequestContext): Promise<Caller> => {
    try {
      const who = await sessions.authenticate(ctx.authorization);
      ctx.onCaller?.(who);
      return who;
    } catch (error) {
      if (error instanceof InvalidBearer) throw invalidToken();
      if (error instanceof CloudUnavailable) throw cloudUnavailable();
      throw error;
    }
  };
  const fromCloud = (error: unknown) => {
    if (error instanceof CloudUnavailable) return cloudUnavailable();
    if (error instanceof OAuthError) return cloudUnavailable("UNEXPECTED");
    return error;
  };

  const mutation = schema.getMutationType();
  on(mutation, "startAuthenticationFlow").resolve = (() => flows.start()) satisfies Resolver;
  on(mutation, "loginAsGuest").resolve = (() =>
    guestLogin.login().catch((error) => {
      throw fromCloud(error);
    })) satisfies Resolver;
  on(mutation, "refreshAuthenticationToken").resolve = ((_root, args: { refreshToken?: unknown }) =>
    sessions.refresh(String(args.refreshToken))) satisfies Resolver;
  on(mutation, "logout").resolve = (async (_root, _args, ctx) => {
    const who = await caller(ctx);
    try {
      await sessions.logout(who);
      return { success: true, error: null };
    } catch (error) {
      const reason = error instanceof CloudUnavailable ? "UNAVAILABLE" : "UNEXPECTED";
      return { success: false, error: cloudError(reason) satisfies UserError };
    }
  }) satisfies Resolver;

  const query = schema.getQueryType();
  on(query, "authenticationState").resolve = () => ({ allowGuests: guestLogin.allowed });
  on(query, "viewer").resolve = (async (_root, _args, ctx) => {
    const who = await caller(ctx);
    if (who.kind === "guest") return { __typename: "GuestUser", id: who.guestId };
    const account = await sessions.account(who).catch((error) => {
      throw error instanceof CloudUnavailable ? cloudUnavailable() : error;
    });
    return {
      __typename: "CloudUser",
      id: account.id,
      profile: {
        identity: { email: account.email, name: account.name },
        subscription: {
          plan: { name: account.plan },
          entitlements: account.entitlements.map((name) => ({ name })),
        },
      },
    };
  }) satisfies Resolver;

  const created = on(schema.getSubscriptionType(), "createdAuthenticationToken");
  created.subscribe = ((_root, args: { requestId?: unknown }, ctx) =>
    once((signal) =>
      flows.wait(String(args.requestId), anySignal(signal, ctx.signal)),
    )) satisfies Resolver;
  created.resolve = ((outcome: Outcome) => outcome) as Resolver;

  attachDataResolvers(schema, requests, caller);
  return schema;
}

function invalidToken(): GraphQLError {
  return new GraphQLError(INVALID_TOKEN.message, {
    extensions: structuredClone(INVALID_TOKEN.extensions),
  });
}

function cloudUnavailable(reason: "UNAVAILABLE" | "UNEXPECTED" = "UNAVAILABLE"): GraphQLError {
  return new GraphQLError(CLOUD_UNAVAILABLE.message, {
    extensions: { CAIDO: { ...CLOUD_UNAVAILABLE.extensions.CAIDO, reason } },
  });
}

/**
 * A one-value stream whose return() ends it at once, even while the value is still awaited
 * (an async generator would hang in its await), so a completed subscription stops waiting.
 */
function once<T>(produce: (signal: AbortSignal) => Promise<T>): AsyncIterableIterator<T> {
  const stop = new AbortController();
  let done = false;
  let ended: (() => void) | undefined;
  const end = new Promise<IteratorResult<T>>((resolve) => {
    ended = () => resolve({ value: undefined, done: true });
  });
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (done) return { value: undefined, done: true };
      done = true;
      return Promise.race([produce(stop.signal).then((value) => ({ value, done: false })), end]);
    },
    async return() {
      done = true;
      stop.abort();
      ended?.();
      return { value: undefined, done: true };
    },
  };
  return iterator;
}

function anySignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}
