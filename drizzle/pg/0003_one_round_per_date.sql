DROP INDEX "invitation_campaigns_session_idx";--> statement-breakpoint
DROP INDEX "invitation_campaigns_meeting_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_campaigns_one_per_session" ON "invitation_campaigns" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_campaigns_one_per_meeting" ON "invitation_campaigns" USING btree ("meeting_id");