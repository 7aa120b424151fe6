-- Shares count against their account's quota (shares/registerShareRoutes.ts).
CREATE INDEX shares_by_account ON shares(account);
