"""What the demo shows on first run: help articles a newcomer meets while
typing a ticket, and tickets in every view of the queue."""

CATEGORIES = [
    ("Account and sign-in", "account", "Passwords, two-step sign-in, your profile."),
    ("Billing and invoices", "billing", "Invoices, VAT, payment methods, refunds."),
    ("Exports and reports", "exports", "CSV and PDF exports, scheduled reports."),
    ("Getting started", "getting-started", "The first steps with your account."),
]

# (category slug, title, summary, body in Markdown)
ARTICLES = [
    (
        "account",
        "Reset your password",
        "Forgot it, or it stopped working: a new one in two minutes.",
        "1. On the sign-in page, choose **Forgot your password?**\n"
        "2. Enter the email address of your account.\n"
        "3. Open the email we send (check the spam folder) and choose a new "
        "password within an hour.\n\nThe link works once. If no email arrives "
        "within ten minutes, write to us from the address of your account.",
    ),
    (
        "account",
        'Cannot log in: "invalid session"',
        "The error usually means an old sign-in cookie: clear it and retry.",
        "Your browser kept a sign-in from before a security update.\n\n"
        "- Sign out everywhere (Profile > Sessions), or clear the cookies for "
        "our site.\n- Close every tab of the site, then sign in again.\n\n"
        "Still there in a private window? Open a ticket with the time it "
        "happened: we can see it in our logs.",
    ),
    (
        "account",
        "Turn on two-step sign-in",
        "Protect your account with an authenticator app.",
        "Go to **Profile > Security > Two-step sign-in**, scan the QR code with "
        "an authenticator app (any TOTP app works) and type the six-digit code "
        "to confirm. Keep the recovery codes somewhere safe.",
    ),
    (
        "account",
        "Change the email address of your account",
        "Move your account to a new address without losing anything.",
        "Under **Profile > Email**, type the new address and confirm it from "
        "the email we send there. Until you confirm, the old address keeps "
        "working.",
    ),
    (
        "billing",
        "Correct the VAT number on an invoice",
        "A wrong VAT number or address: we reissue the invoice.",
        "Update your company details under **Billing > Company**. Invoices "
        "issued from then on carry them. For an invoice already issued, open a "
        "ticket with its number: we send a corrected invoice and a credit note "
        "within two working days.",
    ),
    (
        "billing",
        "Download your invoices",
        "Every invoice as a PDF, any time.",
        "**Billing > Invoices** lists every invoice; each has a PDF link. Your "
        "accountant can receive them automatically: add their address under "
        "**Billing > Invoice recipients**.",
    ),
    (
        "billing",
        "Change your payment method",
        "Card, direct debit or bank transfer.",
        "Under **Billing > Payment method**, add the new method and make it "
        "the default. The next invoice is charged to it.",
    ),
    (
        "billing",
        "Ask for a refund",
        "How refunds work and how long they take.",
        "Within 30 days of a payment, open a ticket with the invoice number. "
        "Refunds go back to the original payment method within 5 to 10 "
        "working days.",
    ),
    (
        "exports",
        "Export to CSV",
        "Download your data as a spreadsheet.",
        "Open the list you want, set the filters, then choose **Export > "
        "CSV**. Large exports are emailed to you as a link when ready.\n\n"
        "An export with only the header row means the filters matched "
        "nothing: widen the date range.",
    ),
    (
        "exports",
        "Schedule a weekly report",
        "Have a report emailed every week.",
        "From any saved report, choose **Schedule**, pick the day, the time "
        "and who receives it.",
    ),
    (
        "getting-started",
        "Invite your team",
        "Add colleagues and choose what each may do.",
        "Under **Settings > Team**, choose **Invite** and type their email "
        "addresses. Each gets an email to set a password.",
    ),
    (
        "getting-started",
        "Import your existing data",
        "Bring your customers and products over from a spreadsheet.",
        "Under **Settings > Import**, upload a CSV file. We show a preview "
        "before anything is saved, and you can undo an import for 24 hours.",
    ),
]

# (name, email, subject, message, what happens next)
TICKETS = [
    (
        "Ada Lovelace",
        "ada@example.com",
        "Invoice shows the wrong VAT number",
        "My March invoice shows our old VAT number. Can you send a corrected one?",
        "waiting",
    ),
    (
        "Grace Hopper",
        "grace@example.com",
        "Cannot log in since this morning",
        "I get 'invalid session' at every login, in two browsers. What should I do?",
        "mine",
    ),
    (
        "Alan Turing",
        "alan@example.com",
        "Export to CSV is empty",
        "The CSV export has only the header row. Is this a known problem?",
        "new",
    ),
    (
        "Katherine Johnson",
        "katherine@vip.example.com",
        "Refund for a double payment",
        "We were charged twice for invoice 2026-0318. Please refund one.",
        "breached",
    ),
    (
        "Edsger Dijkstra",
        "edsger@example.com",
        "How do I invite my team?",
        "I would like to add three colleagues to our account.",
        "resolved",
    ),
    (
        "Barbara Liskov",
        "barbara@example.com",
        "Change our payment method",
        "We are moving from card to direct debit. Thanks for the help earlier!",
        "closed",
    ),
]

# German beside English: the contact texts, a translated article and a
# canned response, for a demo customer who writes in German.
CONTACT_TEXTS = {
    "de": {
        "hours": "Montag bis Freitag, 9:00-17:30 Uhr (britische Zeit)",
        "signature": "Ihr Team von Acme Support",
    }
}
TRANSLATIONS = [
    (
        "Reset your password",
        "de",
        "Passwort zurücksetzen",
        "Vergessen oder funktioniert nicht mehr: ein neues in zwei Minuten.",
        "1. Wählen Sie auf der Anmeldeseite **Passwort vergessen?**\n"
        "2. Geben Sie die E-Mail-Adresse Ihres Kontos ein.\n"
        "3. Öffnen Sie die E-Mail, die wir schicken (auch im Spam-Ordner "
        "nachsehen), und wählen Sie binnen einer Stunde ein neues Passwort.\n\n"
        "Der Link funktioniert einmal. Kommt binnen zehn Minuten keine E-Mail, "
        "schreiben Sie uns von der Adresse Ihres Kontos.",
    ),
]
CANNED_DE = (
    "Mehr Angaben nötig",
    "Hallo {{ customer_first_name }},\n\nvielen Dank für Ihre Nachricht zu "
    "{{ reference }}. Damit wir das Problem lösen statt raten, sagen Sie uns "
    "bitte:\n\n- was Sie gerade getan haben,\n- was Sie erwartet haben,\n- und, "
    "wenn möglich, ein Bildschirmfoto.\n\nSobald wir es haben, machen wir "
    "weiter.\n\nViele Grüße\n{{ agent_first_name }}",
)
GERMAN_TICKET = (
    "Gisela Müller",
    "gisela@example.de",
    "Passwort-Link kommt nicht an",
    "Ich habe dreimal einen neuen Link angefordert, aber keine E-Mail bekommen.",
)
