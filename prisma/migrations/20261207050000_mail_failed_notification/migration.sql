-- A workspace mail (an alert, an invitation, Konnect mail) that finally failed tells its owners and admins in-app.
ALTER TYPE "NotificationKind" ADD VALUE 'mail_failed';
