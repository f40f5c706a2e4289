/**
 * English is the reference catalog: its keys define `MessageKey`, so every other catalog must
 * provide exactly the same set or the build fails.
 */
export const en = {
  'app.name': 'Loopdesk',
  'app.loading': 'Loading…',
  'app.configError.title': 'The console could not start',
  'app.configError.body': 'The runtime configuration (config.json) is missing or invalid. Ask your administrator to check the deployment.',
  'app.retry': 'Try again',

  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh-CN': '简体中文',

  'auth.signIn': 'Sign in',
  'auth.signOut': 'Sign out',
  'auth.welcome': 'Sign in to the agent console',
  'auth.welcomeBody': 'Use your work account to manage tickets, customers and field service.',
  'auth.redirecting': 'Redirecting to sign-in…',
  'auth.completing': 'Completing sign-in…',
  'auth.failed': 'Sign-in did not complete',
  'auth.stateMismatch': 'The sign-in response did not match this browser session. Please sign in again.',
  'auth.providerError': 'The identity provider reported: {message}',
  'auth.tokenError': 'The sign-in could not be exchanged for a session.',
  'auth.signedInAs': 'Signed in as',
  'auth.noRoles': 'no role',
  'list.separator': ', ',

  'role.admin': 'Admin',
  'role.agent': 'Agent',
  'role.technician': 'Technician',
  'role.finance': 'Finance',

  'nav.label': 'Modules',
  'nav.menu': 'Menu',
  'nav.closeMenu': 'Close menu',
  'nav.home': 'Home',
  'nav.tickets': 'Tickets',
  'nav.customers': 'Customers',
  'nav.dispatch': 'Dispatch',
  'nav.knowledge': 'Knowledge base',
  'nav.reports': 'Reports',
  'nav.admin': 'Admin',
  'nav.comingSoon': 'coming soon',

  'home.title': 'Welcome',
  'home.noModules': 'Your role has no module available yet. More modules are coming soon.',
  'home.noRole': 'Your account has no role assigned yet. Ask an administrator to add you to a group.',

  'tickets.title': 'Tickets',
  'tickets.new': 'New ticket',
  'tickets.emptyTitle': 'The ticket queue is on its way',
  'tickets.emptyBody': 'Lists and views arrive in an upcoming release. You can already log a ticket from a phone call or e-mail.',
  'tickets.back': 'Back to tickets',

  'newTicket.title': 'New ticket',
  'newTicket.subject': 'Subject',
  'newTicket.description': 'Description',
  'newTicket.priority': 'Priority',
  'newTicket.customerEmail': 'Customer email',
  'newTicket.optional': '(optional)',
  'newTicket.submit': 'Create ticket',
  'newTicket.submitting': 'Creating…',
  'newTicket.cancel': 'Cancel',
  'newTicket.charCount': '{count} / {max}',
  'newTicket.fixErrors': 'Please correct the highlighted fields.',

  'validation.required': 'This field is required.',
  'validation.maxLength': 'Use at most {max} characters.',
  'validation.email': 'Enter a valid email address, e.g. name@example.com.',

  'ticket.number': 'Ticket #{number}',
  'ticket.status': 'Status',
  'ticket.priority': 'Priority',
  'ticket.channel': 'Channel',
  'ticket.customerEmail': 'Customer email',
  'ticket.noCustomer': 'Not set',
  'ticket.created': 'Created',
  'ticket.updated': 'Last updated',
  'ticket.description': 'Description',
  'ticket.details': 'Details',
  'ticket.notFound': 'This ticket does not exist or was removed.',

  'status.new': 'New',
  'status.open': 'Open',
  'status.in_progress': 'In progress',
  'status.pending_customer': 'Waiting on customer',
  'status.pending_third_party': 'Waiting on third party',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',

  'priority.low': 'Low',
  'priority.normal': 'Normal',
  'priority.high': 'High',
  'priority.urgent': 'Urgent',

  'channel.email': 'Email',
  'channel.web': 'Web',
  'channel.phone': 'Phone',
  'channel.api': 'API',

  'error.title': 'Something went wrong',
  'error.requestId': 'Request ID: {id}',
  'error.network': 'The server could not be reached. Check your connection and try again.',
  'error.unexpected': 'The server returned an unexpected response (HTTP {status}).',
  'error.forbidden.title': "You don't have access",
  'error.forbidden.body': 'Your role does not allow this. Ask an administrator if you need access.',
  'error.dismiss': 'Dismiss',
  'error.pageNotFound': 'This page does not exist.',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
