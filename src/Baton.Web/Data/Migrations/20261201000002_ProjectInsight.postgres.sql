-- Project insight on tickets (issue 4): a client's projects by status and close date, for the insight panel. Hand-written from --print-schema postgres; see docs/adr/0002.
CREATE INDEX "IX_Projects_ClientId_Status_ClosedAt" ON "Projects" ("ClientId", "Status", "ClosedAt");
