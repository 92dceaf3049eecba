"""The privacy notice (UK GDPR articles 13 and 14): one page editors maintain, always at
``/privacy/`` so the links in the footer, forms and e-mails never break.

The text below is where a new network starts (a data migration creates the page with it) and
what ``/privacy/`` shows should the page be deleted or unpublished.
"""

from __future__ import annotations

TITLE = "Privacy notice"

SUMMARY = (
    "Who runs Waymark, what it holds about you and why, for how long, who sees what, "
    "and how to take a copy of your data or close your account."
)

BODY = """
<h2>Who runs Waymark</h2>
<p>Waymark is run by the coordinator of the local anti-trafficking partnership, who decides
what it holds and why (the data controller). Write to the coordinator with any question about
your data, or to complain. You may also complain to the Information Commissioner's Office
(ico.org.uk).</p>
<h2>What we hold and why</h2>
<ul>
<li>Your account: your name, e-mail address, job title, handle, the organisations you work for
and your role in them, and when you signed in. We need these to let you into the members'
areas, which only verified staff of member organisations may use.</li>
<li>Invitations and requests to join: who asked or was invited, for which organisation, and what
was decided.</li>
<li>What you write and do: your forum posts and their earlier versions, the discussions you
watch, your notifications, your shortlists, the posts and listings you reported, and the
referral pathways you drafted or signed off for your organisation.</li>
<li>A log of who was shown a confidential address or a contact marked sensitive, and when. The
law asks us to account for who sees this kind of information.</li>
</ul>
<p>We hold these because the partnership has a legitimate interest in, and public task of,
helping professionals refer potential victims of trafficking safely. Please never write a
potential victim's name or other details in the forum.</p>
<h2>How long we keep it</h2>
<ul>
<li>Your account, posts and sign-offs: while you are a member, and until you close your
account.</li>
<li>Notifications, declined requests to join and expired invitations: a few months at most.</li>
<li>The log of confidential details shown: one year.</li>
<li>A copy of your data that you asked for: seven days, then it is deleted.</li>
</ul>
<h2>Who sees what</h2>
<ul>
<li>Anyone: public guidance, the public parts of the directory and public referral
pathways.</li>
<li>Members (verified staff of member organisations): the members' directory details and the
members' forum, where your name, job title and organisation show with your posts.</li>
<li>Private groups: only the organisations and people in the group read its discussions.</li>
<li>Your organisation's admins: its staff list and who of its staff was shown its confidential
details.</li>
<li>Coordinators: everything above, to verify organisations and moderate the forum. Staff roles
need a second sign-in step.</li>
</ul>
<p>E-mails we send carry only what the public may read; anything else stays behind a link to
sign in. We do not sell your data or share it with anyone outside the network.</p>
<h2>Your rights</h2>
<p>You may see and take a copy of everything Waymark holds about you: on your account page,
choose <a href="/accounts/data/">Download your data</a>. You may ask for a correction, or close
your account from <a href="/accounts/profile/">your account page</a> or by writing to the
coordinator.</p>
"""
