CREATE TABLE `roster_previews` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`rows` text NOT NULL,
	`report` text NOT NULL,
	`imported_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `roster_previews_expires_idx` ON `roster_previews` (`expires_at`);