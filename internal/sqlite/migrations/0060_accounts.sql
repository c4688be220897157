-- Accounts (issue 14). A username is one account whatever its case:
-- username_key is lower(username) and unique. Accounts that already differ
-- only by case keep the oldest under the plain key; the others get their id
-- appended ("admin#7") and can log in only after an administrator resets
-- them under another name. disabled_at marks an account an administrator
-- disabled: it cannot log in and its sessions end.
ALTER TABLE users ADD COLUMN username_key TEXT;
UPDATE users SET username_key = lower(trim(username)) ||
    CASE WHEN id = (SELECT min(u.id) FROM users u WHERE lower(trim(u.username)) = lower(trim(users.username)))
         THEN '' ELSE '#' || id END;
CREATE UNIQUE INDEX users_username_key_ci ON users (username_key);
ALTER TABLE users ADD COLUMN disabled_at TEXT;
