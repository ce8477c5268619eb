"""Who may see, who changed what: operator accounts and roles (:mod:`.users`), the session and the
permission checks every other package calls (:mod:`.session`), and the audit trail's reading, checking and
explicit entries (:mod:`.audit`). The trail itself is written by :mod:`db.audit` in the same transaction as
each change."""
