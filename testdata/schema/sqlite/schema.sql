PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  reply_to INTEGER REFERENCES notes
);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
  UPDATE users SET name = name WHERE id = NEW.user_id;
  DELETE FROM notes WHERE id < 0;
END;
CREATE INDEX notes_user ON notes(user_id);
COMMIT;
