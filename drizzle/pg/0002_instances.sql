CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"with_redis" boolean NOT NULL,
	"started_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
