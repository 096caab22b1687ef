<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../admin/window.py" line="54" />
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="55" />
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="61" />
        <source>Import from a file…</source>
        <translation>Importer un fichier…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="64" />
        <source>Import from the server…</source>
        <translation>Importer depuis le serveur…</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="67" />
        <source>Revert</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="70" />
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="104" />
        <source>tillsync — till administration</source>
        <translation>tillsync — administration de la caisse</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="114" />
        <source>{path}: the configuration has problems; fix them and save.</source>
        <translation>{path} : la configuration contient des erreurs ; corrigez-les puis enregistrez.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="126" />
        <source>Store {store}, till {till} — {path}</source>
        <translation>Magasin {store}, caisse {till} — {path}</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="136" />
        <source>Wait for the load to finish before saving.</source>
        <translation>Attendez la fin du chargement avant d'enregistrer.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="143" />
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="158" />
        <source>No configuration at {path} yet: fill in the settings and Save.</source>
        <translation>Pas encore de configuration dans {path} : renseignez les paramètres puis enregistrez.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="166" />
        <source>{count} setting(s) to fix.</source>
        <translation>{count} paramètre(s) à corriger.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="168" />
        <source>Unsaved changes.</source>
        <translation>Modifications non enregistrées.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="179" />
        <source>Configuration file</source>
        <translation>Fichier de configuration</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="191" />
        <source>Imported; the previous file is kept as {backup}.</source>
        <translation>Importé ; l'ancien fichier est conservé sous {backup}.</translation>
    </message>
    <message>
        <location filename="../admin/window.py" line="195" />
        <source>Imported.</source>
        <translation>Importé.</translation>
    </message>
</context><context>
    <name>Approval</name>
    <message>
        <location filename="../front/supervisor.py" line="16" />
        <source>A return without a receipt</source>
        <translation>Un retour sans ticket</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="17" />
        <source>Voiding a line after a payment</source>
        <translation>L'annulation d'une ligne après un paiement</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="18" />
        <source>A copy of a receipt</source>
        <translation>Une copie de ticket</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="19" />
        <source>Opening the drawer without a sale</source>
        <translation>L'ouverture du tiroir sans vente</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="20" />
        <source>A cash out above the limit</source>
        <translation>Une sortie d'espèces au-delà du plafond</translation>
    </message>
</context><context>
    <name>CashDialog</name>
    <message>
        <location filename="../front/cash.py" line="37" />
        <source>Float (change fund)</source>
        <translation>Fond de caisse</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="38" />
        <source>Cash in</source>
        <translation>Entrée d'espèces</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="39" />
        <source>Cash out</source>
        <translation>Sortie d'espèces</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="40" />
        <source>Safe drop</source>
        <translation>Versement au coffre</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="97" />
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="99" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="109" />
        <source>Type the amount, Enter. Esc: cancel.</source>
        <translation>Tapez le montant, Entrée. Échap : annuler.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="115" />
        <source>Why? Type the reason, Enter.</source>
        <translation>Pourquoi ? Tapez le motif, Entrée.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="127" />
        <source>Type the amount first.</source>
        <translation>Tapez d'abord le montant.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="130" />
        <source>Recording…</source>
        <translation>Enregistrement…</translation>
    </message>
</context><context>
    <name>CashierWindow</name>
    <message>
        <location filename="../front/window.py" line="106" />
        <source>tillsync — till {till}</source>
        <translation>tillsync — caisse {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="114" />
        <source>Store {store} · Till {till}</source>
        <translation>Magasin {store} · Caisse {till}</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>Message from head office:</source>
        <translation>Message du siège :</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="149" />
        <source>OK (F7)</source>
        <translation>OK (F7)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="203" />
        <source>Customer / card</source>
        <translation>Client / carte</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="204" />
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="205" />
        <source>Void line</source>
        <translation>Annuler la ligne</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="259" />
        <location filename="../front/window.py" line="206" />
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="207" />
        <source>Card</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="208" />
        <source>OK message</source>
        <translation>Message lu</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="209" />
        <source>Drawer / reports</source>
        <translation>Tiroir / rapports</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="210" />
        <source>Cancel ticket</source>
        <translation>Annuler le ticket</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="211" />
        <source>Sign out</source>
        <translation>Déconnexion</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="212" />
        <source>Back to scanning</source>
        <translation>Retour à la saisie</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="321" />
        <location filename="../front/window.py" line="243" />
        <source>Nothing to pay: scan items first.</source>
        <translation>Rien à payer : scannez d'abord des articles.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="246" />
        <source>The ticket is empty.</source>
        <translation>Le ticket est vide.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="251" />
        <source>Scan</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="252" />
        <source>Scan or type a code, CODE*QTY for a quantity or a weight; Enter.</source>
        <translation>Scannez ou tapez un code, CODE*QTÉ pour une quantité ou un poids ; Entrée.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="255" />
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="256" />
        <source>Customer code or card (scan, swipe or type); Enter. Esc: back.</source>
        <translation>Code client ou carte (scannez, passez ou tapez) ; Entrée. Échap : retour.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="260" />
        <source>Amount received; Enter alone for exactly {due}. Esc: back.</source>
        <translation>Montant reçu ; Entrée seule pour exactement {due}. Échap : retour.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="265" />
        <source>Cancel?</source>
        <translation>Annuler ?</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="266" />
        <source>Enter: cancel the whole ticket. Esc: keep it.</source>
        <translation>Entrée : annuler tout le ticket. Échap : le garder.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="304" />
        <source>Select a line with Up/Down first.</source>
        <translation>Choisissez d'abord une ligne avec Haut/Bas.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="348" />
        <source>Weighing… put the item on the scale.</source>
        <translation>Pesée… posez l'article sur la balance.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="353" />
        <source>Ticket {number} closed. Next customer: scan.</source>
        <translation>Ticket {number} clôturé. Client suivant : scannez.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="357" />
        <source>Ticket cancelled.</source>
        <translation>Ticket annulé.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="359" />
        <source>Still due: {due} (F5 cash, F6 card).</source>
        <translation>Reste à payer : {due} (F5 espèces, F6 carte).</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="383" />
        <source>Return {number} recorded.</source>
        <translation>Retour {number} enregistré.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="399" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Tapez votre code, Entrée, puis votre code PIN, Entrée.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="408" />
        <source>Cashier: {name} ({code})</source>
        <translation>Caissier : {name} ({code})</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="414" />
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="420" />
        <source>Signed in: {name}. Scan.</source>
        <translation>Connecté : {name}. Scannez.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="452" />
        <source>Working offline (no server set)</source>
        <translation>Hors ligne (aucun serveur configuré)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="454" />
        <source>Server not answering: selling goes on, tickets wait</source>
        <translation>Le serveur ne répond pas : la vente continue, les tickets attendent</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="456" />
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="461" />
        <source>(+{count} more)</source>
        <translation>(+{count} autre(s))</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="471" />
        <source>Business day {day} open</source>
        <translation>Journée {day} ouverte</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="473" />
        <source>A new business day opens at the first sale</source>
        <translation>Une nouvelle journée s'ouvre à la première vente</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="476" />
        <source>Business day {day} closed</source>
        <translation>Journée {day} fermée</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="477" />
        <source>The business day {day} is closed: no sale until it is opened again.
To open it, the administrator runs  till day open  on this till; then scan.</source>
        <translation>La journée {day} est fermée : aucune vente avant sa réouverture.
Pour l'ouvrir, l'administrateur lance  till day open  sur cette caisse ; puis scannez.</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="482" />
        <source>Business day {day} ended (Z report)</source>
        <translation>Journée {day} clôturée (rapport Z)</translation>
    </message>
    <message>
        <location filename="../front/window.py" line="483" />
        <source>The business day {day} is closed: its Z report is done, no sale can go in.
The next business day opens by itself at the first scan tomorrow.</source>
        <translation>La journée {day} est fermée : son rapport Z est fait, aucune vente n'y entre plus.
La journée suivante s'ouvre d'elle-même au premier scan demain.</translation>
    </message>
</context><context>
    <name>CountDialog</name>
    <message>
        <location filename="../front/cash.py" line="217" />
        <source>{note}: the count is a whole number</source>
        <translation>{note} : le nombre est un entier</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="147" />
        <location filename="../front/cash.py" line="145" />
        <source>Closing count</source>
        <translation>Comptage de clôture</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="172" />
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="173" />
        <source>Expected in the drawer</source>
        <translation>Attendu dans le tiroir</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="174" />
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="175" />
        <source>F10  Record the count</source>
        <translation>F10  Enregistrer le comptage</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="190" />
        <source>How many of each, Enter for the next; F10 records. Esc: cancel.</source>
        <translation>Combien de chaque, Entrée pour le suivant ; F10 enregistre. Échap : annuler.</translation>
    </message>
    <message>
        <location filename="../front/cash.py" line="250" />
        <source>Recording…</source>
        <translation>Enregistrement…</translation>
    </message>
</context><context>
    <name>Desk</name>
    <message>
        <location filename="../front/desk.py" line="134" />
        <source>Not done: no supervisor approved it.</source>
        <translation>Non effectué : aucun superviseur ne l'a approuvé.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="207" />
        <source>{what}: {amount} recorded.</source>
        <translation>{what} : {amount} enregistré.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="229" />
        <source>Drawer opened (recorded).</source>
        <translation>Tiroir ouvert (enregistré).</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="250" />
        <source>Count recorded: {counted}, difference {difference}.</source>
        <translation>Comptage enregistré : {counted}, écart {difference}.</translation>
    </message>
    <message>
        <location filename="../front/desk.py" line="286" />
        <source>Copy {copy} of ticket {number} recorded.</source>
        <translation>Copie {copy} du ticket {number} enregistrée.</translation>
    </message>
</context><context>
    <name>Errors</name>
    <message>
        <location filename="../errors.py" line="39" />
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../errors.py" line="45" />
        <source>System error: {reason}{where}</source>
        <translation>Erreur système : {reason}{where}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="49" />
        <source>Database not reachable: {error}</source>
        <translation>Base de données inaccessible : {error}</translation>
    </message>
    <message>
        <location filename="../errors.py" line="53" />
        <source>Unexpected error (a bug, details in the log): {error}</source>
        <translation>Erreur inattendue (un bogue, détails dans le journal) : {error}</translation>
    </message>
</context><context>
    <name>Field</name>
    <message>
        <location filename="../settings/layout.py" line="248" />
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="249" />
        <source>Till</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="250" />
        <source>Folder number (Dossier TPV)</source>
        <translation>Numéro de dossier (Dossier TPV)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="251" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="252" />
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="253" />
        <source>Database engine</source>
        <translation>Moteur de base</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="254" />
        <source>Database file</source>
        <translation>Fichier de base</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="255" />
        <source>PostgreSQL URL</source>
        <translation>URL PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="256" />
        <source>SQL instance</source>
        <translation>Instance SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="257" />
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="258" />
        <source>SQL user</source>
        <translation>Utilisateur SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="259" />
        <source>SQL password</source>
        <translation>Mot de passe SQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="260" />
        <source>Integrated (Windows) authentication</source>
        <translation>Authentification intégrée (Windows)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="261" />
        <source>ODBC driver</source>
        <translation>Pilote ODBC</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="262" />
        <source>Encrypt the connection</source>
        <translation>Chiffrer la connexion</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="263" />
        <source>Accept any certificate</source>
        <translation>Accepter tout certificat</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="264" />
        <source>Web-service URL</source>
        <translation>URL du service web</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="282" />
        <location filename="../settings/layout.py" line="265" />
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="283" />
        <location filename="../settings/layout.py" line="266" />
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="267" />
        <source>Web-service timeout</source>
        <translation>Délai d'expiration des webservices</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="268" />
        <source>Ping timeout</source>
        <translation>Délai d'expiration du ping</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="269" />
        <source>Look-up timeout</source>
        <translation>Délai des recherches en ligne</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="270" />
        <source>Tickets per batch</source>
        <translation>Tickets par lot</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="271" />
        <source>Verify the TLS certificate</source>
        <translation>Vérifier le certificat TLS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="272" />
        <source>WS-Security user token</source>
        <translation>Jeton utilisateur WS-Security</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="273" />
        <source>Serve the other tills</source>
        <translation>Servir les autres caisses</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="274" />
        <source>Listen on address</source>
        <translation>Adresse d'écoute</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="315" />
        <location filename="../settings/layout.py" line="312" />
        <location filename="../settings/layout.py" line="309" />
        <location filename="../settings/layout.py" line="303" />
        <location filename="../settings/layout.py" line="280" />
        <location filename="../settings/layout.py" line="275" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="276" />
        <source>Shared secret</source>
        <translation>Secret partagé</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="277" />
        <source>Hub of the store</source>
        <translation>Concentrateur du magasin</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="278" />
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="279" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="281" />
        <source>Folder on the server</source>
        <translation>Dossier sur le serveur</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="284" />
        <source>SFTP key file</source>
        <translation>Fichier de clé SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="285" />
        <source>Trusted host key</source>
        <translation>Clé d'hôte de confiance</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="286" />
        <source>Passive mode</source>
        <translation>Mode passif</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="287" />
        <source>Download folder</source>
        <translation>Dossier de téléchargement</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="288" />
        <source>Verify the certificate</source>
        <translation>Vérifier le certificat</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="289" />
        <source>CA certificates file</source>
        <translation>Fichier des certificats d'AC</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="290" />
        <source>Wait between two ticket syncs</source>
        <translation>Attente entre 2 synchronisations des tickets</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="291" />
        <source>Wait after a web-service error</source>
        <translation>Attente après une erreur de webservice</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="292" />
        <source>Drip mode (send each ticket at once)</source>
        <translation>Mode goutte à goutte (envoi de chaque ticket)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="293" />
        <source>Ping interval</source>
        <translation>Intervalle de ping</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="294" />
        <source>Look for changes every</source>
        <translation>Chercher les modifications toutes les</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="295" />
        <source>Lockout after three wrong PINs</source>
        <translation>Blocage après trois PIN erronés</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="296" />
        <source>Cash out without a supervisor up to</source>
        <translation>Retrait d'espèces sans responsable jusqu'à</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="297" />
        <source>Notes and coins counted</source>
        <translation>Billets et pièces comptés</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="298" />
        <source>Signing key file</source>
        <translation>Fichier de la clé de signature</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="299" />
        <source>Sign the journal</source>
        <translation>Signer le journal</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="300" />
        <source>Label layout</source>
        <translation>Structure de l'étiquette</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="301" />
        <source>Weight prefixes</source>
        <translation>Préfixes poids</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="302" />
        <source>Price prefixes</source>
        <translation>Préfixes prix</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="304" />
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="316" />
        <location filename="../settings/layout.py" line="314" />
        <location filename="../settings/layout.py" line="311" />
        <location filename="../settings/layout.py" line="305" />
        <source>Speed</source>
        <translation>Vitesse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="306" />
        <source>Framing</source>
        <translation>Format des trames</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="307" />
        <source>Answer timeout</source>
        <translation>Délai de réponse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="308" />
        <source>Wait for a stable weight</source>
        <translation>Attente d'un poids stable</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="313" />
        <location filename="../settings/layout.py" line="310" />
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="317" />
        <source>Alcohol lines</source>
        <translation>Lignes d'alcool</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="318" />
        <source>Printer answer timeout</source>
        <translation>Délai de réponse de l'imprimante</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="319" />
        <source>Receipt and report timeout</source>
        <translation>Délai ticket et rapport</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="320" />
        <source>Retry the print queue every</source>
        <translation>Relancer la file d'impression toutes les</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="321" />
        <source>VAT rates of letters A, B, C…</source>
        <translation>Taux de TVA des lettres A, B, C…</translation>
    </message>
</context><context>
    <name>FieldHelp</name>
    <message>
        <location filename="../settings/help_catalog.py" line="12" />
        <source>Store code, as the ERP knows it.</source>
        <translation>Code du magasin, tel que l'ERP le connaît.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="13" />
        <source>Till code within the store.</source>
        <translation>Code de la caisse dans le magasin.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="14" />
        <source>Folder number of the till setup (the vendor's 'Dossier TPV').</source>
        <translation>Numéro de dossier de la caisse (le « Dossier TPV » de l'éditeur).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="15" />
        <source>Language of the screens.</source>
        <translation>Langue des écrans.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="16" />
        <source>Currency of the till.</source>
        <translation>Devise de la caisse.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="17" />
        <source>Database engine.</source>
        <translation>Moteur de base de données.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="18" />
        <source>SQLite database file; a relative path counts from this file's folder.</source>
        <translation>Fichier de base SQLite ; un chemin relatif part du dossier de ce fichier.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="21" />
        <source>PostgreSQL URL (postgresql+psycopg://host/db); required when engine is postgresql.</source>
        <translation>URL PostgreSQL (postgresql+psycopg://hôte/base) ; obligatoire avec le moteur postgresql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="25" />
        <source>SQL Server instance, e.g. SHOP01\SQLEXPRESS; required when engine is mssql.</source>
        <translation>Instance SQL Server, par ex. SHOP01\SQLEXPRESS ; obligatoire avec le moteur mssql.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="28" />
        <source>SQL Server database name.</source>
        <translation>Nom de la base SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="29" />
        <source>SQL login (mssql: required unless trusted = true; postgresql: when not in the URL).</source>
        <translation>Identifiant SQL (mssql : obligatoire sauf authentification intégrée ; postgresql : s'il n'est pas dans l'URL).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="33" />
        <source>Password of the SQL login.</source>
        <translation>Mot de passe de l'identifiant SQL.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="34" />
        <source>SQL Server integrated (Windows) authentication instead of a login.</source>
        <translation>Authentification intégrée (Windows) de SQL Server au lieu d'un identifiant.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="37" />
        <source>ODBC driver used to reach SQL Server.</source>
        <translation>Pilote ODBC utilisé pour joindre SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="38" />
        <source>Encrypt the SQL Server connection.</source>
        <translation>Chiffrer la connexion à SQL Server.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="39" />
        <source>Accept the SQL Server certificate unverified (test servers only).</source>
        <translation>Accepter le certificat SQL Server sans vérification (serveurs de test uniquement).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="42" />
        <source>SOAP endpoint of the till server; empty = not configured.</source>
        <translation>Point d'accès SOAP du serveur de caisse ; vide = non configuré.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="43" />
        <source>Web-service user name.</source>
        <translation>Nom d'utilisateur du service web.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="44" />
        <source>Web-service password.</source>
        <translation>Mot de passe du service web.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="45" />
        <source>Timeout of web-service operations (SendTickets...).</source>
        <translation>Délai d'expiration des opérations des webservices (SendTickets...) ; 60 s par défaut.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="46" />
        <source>Timeout of the ping behind the network icon.</source>
        <translation>Délai d'expiration du ping de l'icône réseau.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="47" />
        <source>Timeout of online look-ups during a sale (offers, messages).</source>
        <translation>Délai des recherches en ligne pendant une vente (offres, messages).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="48" />
        <source>Tickets sent per SendTickets call.</source>
        <translation>Tickets envoyés par appel SendTickets.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="49" />
        <source>Verify the server's TLS certificate (https).</source>
        <translation>Vérifier le certificat TLS du serveur (https).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="50" />
        <source>Send a WS-Security username token (user/password).</source>
        <translation>Envoyer un jeton WS-Security (utilisateur/mot de passe).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="51" />
        <source>Transfer protocol.</source>
        <translation>Protocole de transfert.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="52" />
        <source>Server holding the exports; empty = not configured.</source>
        <translation>Serveur des exports ; vide = non configuré.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="53" />
        <source>Server port; 0 = the protocol's (21 ftp/ftps, 22 sftp).</source>
        <translation>Port du serveur ; 0 = celui du protocole (21 ftp/ftps, 22 sftp).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="54" />
        <source>Folder of the exports on the server.</source>
        <translation>Dossier des exports sur le serveur.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="55" />
        <source>Login on the server.</source>
        <translation>Identifiant sur le serveur.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="56" />
        <source>Password of the login.</source>
        <translation>Mot de passe de l'identifiant.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="57" />
        <source>SFTP private key file; a relative path counts from this file's folder.</source>
        <translation>Fichier de clé privée SFTP ; un chemin relatif part du dossier de ce fichier.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="60" />
        <source>SFTP server host key, a line or a known_hosts file; required for sftp.</source>
        <translation>Clé d'hôte du serveur SFTP, une ligne ou un fichier known_hosts ; obligatoire en sftp.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="63" />
        <source>Passive mode (ftp/ftps).</source>
        <translation>Mode passif (ftp/ftps).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="64" />
        <source>Local folder for downloads in progress; relative to this file's folder.</source>
        <translation>Dossier local des téléchargements en cours ; relatif au dossier de ce fichier.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="67" />
        <source>Verify the FTPS server certificate.</source>
        <translation>Vérifier le certificat du serveur FTPS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="68" />
        <source>CA bundle for FTPS; empty = the system's certificates.</source>
        <translation>Certificats d'AC pour FTPS ; vide = ceux du système.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="69" />
        <source>Wait between two checks for tickets to send.</source>
        <translation>Attente entre deux contrôles des tickets à envoyer.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="70" />
        <source>After a web-service error, wait this long before calling it again.</source>
        <translation>Après une erreur de webservice, attendre ce délai avant de le rappeler.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="73" />
        <source>Send each ticket right after it closes.</source>
        <translation>Envoyer chaque ticket dès sa clôture.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="74" />
        <source>Wait between two pings.</source>
        <translation>Attente entre deux pings.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="75" />
        <source>Wait between two automatic looks for increments; 0 = never.</source>
        <translation>Attente entre deux recherches automatiques d'exports incrémentaux ; 0 = jamais.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="76" />
        <source>Layout: P prefix, I scale number (PLU) listed among the item's barcodes, else item code, V weight or price, C check digit.</source>
        <translation>Structure : P préfixe, I numéro de balance (PLU) figurant parmi les codes-barres de l'article, sinon code article, V poids ou prix, C clé de contrôle.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="81" />
        <source>Prefixes of codes carrying a weight.</source>
        <translation>Préfixes des codes portant un poids.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="82" />
        <source>Prefixes of codes carrying a price.</source>
        <translation>Préfixes des codes portant un prix.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="83" />
        <source>Scale port (COM3, /dev/ttyUSB0); empty = none.</source>
        <translation>Port de la balance (COM3, /dev/ttyUSB0) ; vide = aucune.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="84" />
        <source>Scale protocol.</source>
        <translation>Protocole de la balance.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="85" />
        <source>Scale serial speed.</source>
        <translation>Vitesse série de la balance.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="86" />
        <source>Scale data bits, parity, stop bits; auto = the protocol's (mettler8217 7E1, cas 8N1).</source>
        <translation>Bits de données, parité, bits de stop de la balance ; auto = ceux du protocole (mettler8217 7E1, cas 8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="90" />
        <source>Longest wait for one answer of the scale.</source>
        <translation>Attente maximale d'une réponse de la balance.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="91" />
        <source>How long a weighed item waits for a stable weight.</source>
        <translation>Combien de temps un article pesé attend un poids stable.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="92" />
        <source>Receipt printer port; empty = none.</source>
        <translation>Port de l'imprimante de tickets ; vide = aucune.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="93" />
        <source>Receipt printer protocol: thermal (Polish fiscal printer) or escpos (slips).</source>
        <translation>Protocole de l'imprimante : thermal (imprimante fiscale polonaise) ou escpos (tickets).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="96" />
        <source>Receipt printer serial speed (8N1).</source>
        <translation>Vitesse série de l'imprimante de tickets (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="97" />
        <source>Printer port for alcohol-sale slips; empty = none.</source>
        <translation>Port de l'imprimante des ventes d'alcool ; vide = aucune.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="98" />
        <source>Alcohol printer protocol: thermal or escpos.</source>
        <translation>Protocole de l'imprimante alcool : thermal ou escpos.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="99" />
        <source>Alcohol printer serial speed (8N1).</source>
        <translation>Vitesse série de l'imprimante alcool (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="100" />
        <source>Non-fiscal ESC/POS printer for return slips and receipt copies; empty = the receipt or alcohol printer when it is ESC/POS.</source>
        <translation>Imprimante ESC/POS non fiscale des bons de retour et des copies de tickets ; vide = l'imprimante de tickets ou d'alcool si elle est ESC/POS.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="105" />
        <source>Return slip printer serial speed (8N1).</source>
        <translation>Vitesse série de l'imprimante des bons de retour (8N1).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="106" />
        <source>Lines for the alcohol printer: alcohol = items flagged alcohol; single = none.</source>
        <translation>Lignes de l'imprimante alcool : alcohol = articles marqués alcool ; single = aucune.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="110" />
        <source>Longest wait for a printer's answer to one command.</source>
        <translation>Attente maximale de la réponse de l'imprimante à une commande.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="111" />
        <source>Longest wait for a receipt close or a daily report.</source>
        <translation>Attente maximale de la clôture d'un ticket ou d'un rapport journalier.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="112" />
        <source>Wait between two tries of receipts left in the print queue.</source>
        <translation>Attente entre deux essais des tickets restés dans la file d'impression.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="113" />
        <source>VAT rate of letters A, B, C... on ESC/POS slips (fiscal printers report their own).</source>
        <translation>Taux de TVA des lettres A, B, C... sur les tickets ESC/POS (les imprimantes fiscales donnent les leurs).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="117" />
        <source>Serve the other tills of the store from this till (`till hub serve`).</source>
        <translation>Servir les autres caisses du magasin depuis cette caisse (`till hub serve`).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="120" />
        <source>Address the hub listens on (0.0.0.0 = every interface).</source>
        <translation>Adresse d'écoute du concentrateur (0.0.0.0 = toutes les interfaces).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="121" />
        <source>Port the hub listens on.</source>
        <translation>Port d'écoute du concentrateur.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="122" />
        <source>Shared secret of the store's hub and its tills (16 characters or more).</source>
        <translation>Secret partagé entre le concentrateur du magasin et ses caisses (16 caractères ou plus).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="125" />
        <source>The store's hub (http://HOST:PORT) for a client till; empty = none.</source>
        <translation>Le concentrateur du magasin (http://HÔTE:PORT) pour une caisse cliente ; vide = aucun.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="128" />
        <source>After three wrong PINs in a row, the cashier cannot sign in here for this long.</source>
        <translation>Après trois PIN erronés de suite, le caissier ne peut plus se connecter sur cette caisse pendant cette durée.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="132" />
        <source>A cash out above this amount needs a supervisor's approval.</source>
        <translation>Un retrait d'espèces au-delà de ce montant doit être approuvé par un responsable.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="133" />
        <source>Notes and coins of the closing count; empty = the till currency's (EUR, PLN, GBP, CHF, USD, RUB).</source>
        <translation>Billets et pièces du comptage de clôture ; vide = ceux de la devise de la caisse (EUR, PLN, GBP, CHF, USD, RUB).</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="138" />
        <source>The till's private signing key (PEM, mode 0600); empty = till.key next to the SQLite journal, or next to this file for a journal on a server. Relative paths count from this file's folder.</source>
        <translation>La clé privée de signature de la caisse (PEM, mode 0600) ; vide = till.key à côté du journal SQLite, ou à côté de ce fichier pour un journal sur un serveur. Un chemin relatif part du dossier de ce fichier.</translation>
    </message>
    <message>
        <location filename="../settings/help_catalog.py" line="144" />
        <source>Sign each stored document. Off only to measure what signing costs (bench/sale.py): a journal written unsigned fails `till verify`.</source>
        <translation>Signer chaque document enregistré. À désactiver seulement pour mesurer le coût de la signature (bench/sale.py) : un journal écrit sans signature échoue à `till verify`.</translation>
    </message>
</context><context>
    <name>HostKeyDialog</name>
    <message>
        <location filename="../settings/hostkey.py" line="23" />
        <source>Confirm the server's host key</source>
        <translation>Confirmer la clé d'hôte du serveur</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="25" />
        <source>The server offers the key below. Compare its fingerprint with the one the server's owner gives you (ssh-keygen -lf on the server). Trust it only if they are the same.</source>
        <translation>Le serveur présente la clé ci-dessous. Comparez son empreinte avec celle que vous donne le responsable du serveur (ssh-keygen -lf sur le serveur). Ne lui faites confiance que si elles sont identiques.</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="43" />
        <source>Key type</source>
        <translation>Type de clé</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="44" />
        <source>Fingerprint</source>
        <translation>Empreinte</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="45" />
        <source>Stored as</source>
        <translation>Enregistrée comme</translation>
    </message>
    <message>
        <location filename="../settings/hostkey.py" line="48" />
        <source>Trust this key</source>
        <translation>Faire confiance à cette clé</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../settings/importing.py" line="45" />
        <source>Import a configuration</source>
        <translation>Importer une configuration</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="46" />
        <source>From: {source}</source>
        <translation>Source : {source}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Setting</source>
        <translation>Paramètre</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>Now</source>
        <translation>Actuel</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="51" />
        <source>After import</source>
        <translation>Après import</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="63" />
        <source>{count} setting(s) change. The current file is kept as a backup.</source>
        <translation>{count} paramètre(s) changent. Le fichier actuel est conservé en sauvegarde.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="67" />
        <source>Nothing changes: the file holds the same settings.</source>
        <translation>Rien ne change : le fichier contient les mêmes paramètres.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="70" />
        <source>Kept: {keys}. The file leaves them empty, so this till's own stay.</source>
        <translation>Conservés : {keys}. Le fichier les laisse vides : ceux de cette caisse restent.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="78" />
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context><context>
    <name>LoadPanel</name>
    <message>
        <location filename="../loading/panel.py" line="48" />
        <source>The export server of the FTP tab</source>
        <translation>Le serveur d'exports de l'onglet FTP</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="50" />
        <source>A folder:</source>
        <translation>Un dossier :</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="54" />
        <source>folder holding the exports</source>
        <translation>dossier contenant les exports</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="55" />
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="66" />
        <source>Load from</source>
        <translation>Charger depuis</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="71" />
        <source>Load data</source>
        <translation>Charger les données</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="73" />
        <source>Replace the catalog by the newest full export.</source>
        <translation>Remplace le catalogue par le dernier export complet.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="74" />
        <source>Load changes</source>
        <translation>Charger les modifications</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="76" />
        <source>Apply the increments after the catalog's sequence.</source>
        <translation>Applique les exports incrémentaux qui suivent la séquence du catalogue.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="77" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="88" />
        <source>Idle.</source>
        <translation>En attente.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="98" />
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="108" />
        <source>Catalog on this till</source>
        <translation>Catalogue de cette caisse</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="110" />
        <source>Sequence</source>
        <translation>Séquence</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="111" />
        <source>Last full export</source>
        <translation>Dernier export complet</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="112" />
        <source>Last load</source>
        <translation>Dernier chargement</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="125" />
        <source>Choose the folder holding the exports.</source>
        <translation>Choisissez le dossier contenant les exports.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="136" />
        <source>Fix the configuration and save it first.</source>
        <translation>Corrigez d'abord la configuration et enregistrez-la.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="141" />
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="163" />
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Downloading…</source>
        <translation>Téléchargement…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="173" />
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="185" />
        <source>Loading: {done} of {total} rows</source>
        <translation>Chargement : {done} lignes sur {total}</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="189" />
        <source>Downloading: {done} of {total} kB</source>
        <translation>Téléchargement : {done} ko sur {total}</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="199" />
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="201" />
        <source>Full export {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Export complet {sequence} chargé : {rows} lignes en {seconds} s.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="203" />
        <source>Changes up to {sequence} loaded: {rows} rows in {seconds} s.</source>
        <translation>Modifications jusqu'à {sequence} chargées : {rows} lignes en {seconds} s.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="205" />
        <source>No new changes: the catalog is up to date (sequence {sequence}).</source>
        <translation>Aucune nouvelle modification : le catalogue est à jour (séquence {sequence}).</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="221" />
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="223" />
        <source>Load cancelled: the catalog is as it was.</source>
        <translation>Chargement annulé : le catalogue est inchangé.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="232" />
        <source>Waiting for your answer.</source>
        <translation>En attente de votre réponse.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="235" />
        <source>The newest full export there is {sequence}, older than the catalog on this till (sequence {current}). Loading it takes the catalog back from {current} to {sequence}. Load it anyway?</source>
        <translation>L'export complet le plus récent y est le {sequence}, plus ancien que le catalogue de cette caisse (séquence {current}). Le charger ramène le catalogue de {current} à {sequence}. Le charger quand même ?</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="242" />
        <source>Older export</source>
        <translation>Export plus ancien</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="254" />
        <source>Not loaded: the catalog stays at sequence {current}.</source>
        <translation>Non chargé : le catalogue reste à la séquence {current}.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="263" />
        <source>Failed.</source>
        <translation>Échec.</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="275" />
        <source>Folder holding the exports</source>
        <translation>Dossier contenant les exports</translation>
    </message>
    <message>
        <location filename="../loading/panel.py" line="291" />
        <source>nothing loaded</source>
        <translation>rien de chargé</translation>
    </message>
</context><context>
    <name>Network</name>
    <message>
        <location filename="../widgets/network.py" line="35" />
        <source>Server reachable</source>
        <translation>Serveur joignable</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="37" />
        <source>Server not answering</source>
        <translation>Le serveur ne répond pas</translation>
    </message>
    <message>
        <location filename="../widgets/network.py" line="39" />
        <source>Server not checked yet</source>
        <translation>Serveur pas encore vérifié</translation>
    </message>
</context><context>
    <name>Option</name>
    <message>
        <location filename="../settings/layout.py" line="326" />
        <source>SQLite file</source>
        <translation>Fichier SQLite</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="327" />
        <source>SQL Server</source>
        <translation>SQL Server</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="328" />
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="329" />
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="330" />
        <source>FTPS (FTP over TLS)</source>
        <translation>FTPS (FTP sur TLS)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="331" />
        <source>SFTP (SSH)</source>
        <translation>SFTP (SSH)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="332" />
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="333" />
        <source>Mettler Toledo 8217</source>
        <translation>Mettler Toledo 8217</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="334" />
        <source>CAS</source>
        <translation>CAS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="335" />
        <source>The protocol's own</source>
        <translation>Celui du protocole</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="336" />
        <source>Thermal (Polish fiscal printer)</source>
        <translation>Thermal (imprimante fiscale polonaise)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="337" />
        <source>ESC/POS (slips)</source>
        <translation>ESC/POS (tickets)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="338" />
        <source>On the alcohol printer</source>
        <translation>Sur l'imprimante alcool</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="339" />
        <source>On the main printer</source>
        <translation>Sur l'imprimante principale</translation>
    </message>
</context><context>
    <name>PinFields</name>
    <message>
        <location filename="../front/signin.py" line="57" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="58" />
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
</context><context>
    <name>ReprintDialog</name>
    <message>
        <location filename="../front/reprint.py" line="20" />
        <location filename="../front/reprint.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Réimprimer un ticket</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="32" />
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../front/reprint.py" line="46" />
        <source>Scan or type the code printed on the receipt (or DAY/NUMBER); Enter.</source>
        <translation>Scannez ou tapez le code imprimé sur le ticket (ou JOUR/NUMÉRO) ; Entrée.</translation>
    </message>
</context><context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../front/returns.py" line="36" />
        <source>cash</source>
        <translation>espèces</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="37" />
        <source>card</source>
        <translation>carte</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="40" />
        <source>this till</source>
        <translation>cette caisse</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="41" />
        <source>the head office server</source>
        <translation>le serveur du siège</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="42" />
        <source>the store's server</source>
        <translation>le serveur du magasin</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="69" />
        <location filename="../front/returns.py" line="65" />
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="171" />
        <location filename="../front/returns.py" line="76" />
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="95" />
        <source>F9  Everything returnable</source>
        <translation>F9  Tout ce qui reste</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="99" />
        <source>F10  Refund</source>
        <translation>F10  Rembourser</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="172" />
        <location filename="../front/returns.py" line="103" />
        <source>F8  Without receipt</source>
        <translation>F8  Sans ticket</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="173" />
        <location filename="../front/returns.py" line="125" />
        <source>Scan or type the code printed on the receipt; Enter. Esc: close.</source>
        <translation>Scannez ou tapez le code imprimé sur le ticket ; Entrée. Échap : fermer.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="138" />
        <location filename="../front/returns.py" line="132" />
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="162" />
        <location filename="../front/returns.py" line="139" />
        <location filename="../front/returns.py" line="132" />
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="132" />
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="140" />
        <source>Sold</source>
        <translation>Vendu</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="141" />
        <source>Returned</source>
        <translation>Rendu</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="142" />
        <source>Returnable</source>
        <translation>Restituable</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="143" />
        <source>Give back</source>
        <translation>À rendre</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="163" />
        <source>F8  With a receipt</source>
        <translation>F8  Avec ticket</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="165" />
        <source>Without receipt: scan each item given back (CODE*QTY for a quantity); F10 refunds at today's price once a supervisor approves.</source>
        <translation>Sans ticket : scannez chaque article rendu (CODE*QTÉ pour une quantité) ; F10 rembourse au prix du jour une fois qu'un superviseur a approuvé.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="195" />
        <source>{count} item(s) to give back. Scan the next, or F10 refunds.</source>
        <translation>{count} article(s) à rendre. Scannez le suivant, ou F10 rembourse.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="213" />
        <source>Ticket {number} of {day}, found at {where}.</source>
        <translation>Ticket {number} du {day}, trouvé sur {where}.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="240" />
        <source>Everything of this ticket was returned already.</source>
        <translation>Tout ce ticket a déjà été rendu.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="245" />
        <source>Type the quantity to give back beside each line (Enter: next line), F9 everything; F10 refunds.</source>
        <translation>Tapez la quantité rendue à côté de chaque ligne (Entrée : ligne suivante), F9 tout ; F10 rembourse.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="269" />
        <source>Scan the items given back first.</source>
        <translation>Scannez d'abord les articles rendus.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="278" />
        <location filename="../front/returns.py" line="271" />
        <source>Refunding…</source>
        <translation>Remboursement…</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="275" />
        <source>Scan or type the receipt first.</source>
        <translation>Scannez ou tapez d'abord le ticket.</translation>
    </message>
    <message>
        <location filename="../front/returns.py" line="291" />
        <source>Return {number} recorded. Refund: {refunds}.</source>
        <translation>Retour {number} enregistré. Remboursement : {refunds}.</translation>
    </message>
</context><context>
    <name>Settings</name>
    <message>
        <location filename="../settings/controller.py" line="108" />
        <source>Not saved: {count} setting(s) to fix first.</source>
        <translation>Non enregistré : {count} paramètre(s) à corriger d'abord.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="129" />
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="134" />
        <source>Create or upgrade the database</source>
        <translation>Créer ou mettre à jour la base</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="140" />
        <source>Test (ping)</source>
        <translation>Tester (ping)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="146" />
        <source>Test (list the folder)</source>
        <translation>Tester (lister le dossier)</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="150" />
        <source>Fetch the server's key…</source>
        <translation>Récupérer la clé du serveur…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="162" />
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="180" />
        <source>Enter the host first.</source>
        <translation>Saisissez d'abord l'hôte.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="182" />
        <source>Asking {host} for its key…</source>
        <translation>Demande de la clé à {host}…</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="190" />
        <source>Compare the key with the server's owner.</source>
        <translation>Comparez la clé avec le responsable du serveur.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="196" />
        <source>Host key confirmed; Save to keep it.</source>
        <translation>Clé d'hôte confirmée ; enregistrez pour la conserver.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="200" />
        <source>Host key not trusted.</source>
        <translation>Clé d'hôte refusée.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="216" />
        <source>The database file does not exist yet: create it.</source>
        <translation>Le fichier de base n'existe pas encore : créez-le.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="218" />
        <source>Connected; the till's tables are not there yet: create them.</source>
        <translation>Connecté ; les tables de la caisse n'existent pas encore : créez-les.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="219" />
        <source>Connected; the till's tables are ready.</source>
        <translation>Connecté ; les tables de la caisse sont prêtes.</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="223" />
        <source>The server answers ({ms} ms).</source>
        <translation>Le serveur répond ({ms} ms).</translation>
    </message>
    <message>
        <location filename="../settings/controller.py" line="230" />
        <source>{count} file(s) in {folder}: {files}</source>
        <translation>{count} fichier(s) dans {folder} : {files}</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="113" />
        <source>Save a valid configuration naming the server first.</source>
        <translation>Enregistrez d'abord une configuration valide indiquant le serveur.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="120" />
        <source>Reading the configuration…</source>
        <translation>Lecture de la configuration…</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="128" />
        <source>Check what the import changes.</source>
        <translation>Vérifiez ce que l'import modifie.</translation>
    </message>
    <message>
        <location filename="../settings/importing.py" line="134" />
        <source>Import cancelled: nothing changed.</source>
        <translation>Import annulé : rien n'a changé.</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="35" />
        <source>Till</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="39" />
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="43" />
        <source>Screens and money</source>
        <translation>Écrans et monnaie</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="49" />
        <source>In-store barcode labels</source>
        <translation>Étiquettes code-barres magasin</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="56" />
        <source>Cashiers</source>
        <translation>Caissiers</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="58" />
        <source>Cash drawer</source>
        <translation>Tiroir-caisse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="62" />
        <source>Signed journal</source>
        <translation>Journal signé</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="70" />
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="73" />
        <source>Engine</source>
        <translation>Moteur</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="75" />
        <source>SQLite file</source>
        <translation>Fichier SQLite</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="80" />
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="85" />
        <source>SQL Server</source>
        <translation>SQL Server</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="98" />
        <source>Authentication</source>
        <translation>Authentification</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="108" />
        <source>Web services</source>
        <translation>Services web</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="112" />
        <source>Till server</source>
        <translation>Serveur de caisse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="124" />
        <source>Timeouts and batches</source>
        <translation>Délais et lots</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="133" />
        <source>Local server mode (store hub)</source>
        <translation>Mode serveur local (concentrateur du magasin)</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="148" />
        <source>FTP</source>
        <translation>FTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="152" />
        <source>Export server</source>
        <translation>Serveur d'exports</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="156" />
        <source>Login</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="162" />
        <source>SFTP host key</source>
        <translation>Clé d'hôte SFTP</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="167" />
        <source>FTPS certificate</source>
        <translation>Certificat FTPS</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="171" />
        <source>On this till</source>
        <translation>Sur cette caisse</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="178" />
        <source>Timings</source>
        <translation>Temps d'attente</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="182" />
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="196" />
        <source>Devices</source>
        <translation>Périphériques</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="200" />
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="211" />
        <source>Receipt printer</source>
        <translation>Imprimante de tickets</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="221" />
        <source>Alcohol printer</source>
        <translation>Imprimante alcool</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="230" />
        <source>Return slip printer</source>
        <translation>Imprimante des bons de retour</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="234" />
        <source>Printing</source>
        <translation>Impression</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="145" />
        <source>not set</source>
        <translation>non défini</translation>
    </message>
    <message>
        <location filename="../settings/editors.py" line="150" />
        <source>default {value}</source>
        <translation>défaut {value}</translation>
    </message>
</context><context>
    <name>SignIn</name>
    <message>
        <location filename="../front/signin.py" line="23" />
        <source>{code} is locked at this till until {until} (too many wrong PINs).</source>
        <translation>{code} est bloqué sur cette caisse jusqu'à {until} (trop de codes PIN erronés).</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="27" />
        <source>Wrong PIN for {code}. Wrong PINs left before the lock: {left}.</source>
        <translation>Code PIN erroné pour {code}. Essais erronés restants avant le blocage : {left}.</translation>
    </message>
</context><context>
    <name>SignInPanel</name>
    <message>
        <location filename="../front/signin.py" line="93" />
        <source>Sign in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../front/signin.py" line="118" />
        <source>Type your code, Enter, then your PIN, Enter.</source>
        <translation>Tapez votre code, Entrée, puis votre code PIN, Entrée.</translation>
    </message>
</context><context>
    <name>StatusPanel</name>
    <message>
        <location filename="../status/panel.py" line="294" />
        <location filename="../status/panel.py" line="51" />
        <source>Not checked yet.</source>
        <translation>Pas encore vérifié.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="54" />
        <source>Ping now</source>
        <translation>Ping maintenant</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="61" />
        <source>Automatic (the hub when the gateway does not answer)</source>
        <translation>Automatique (le hub quand la passerelle ne répond pas)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="62" />
        <source>Gateway only</source>
        <translation>Passerelle seulement</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="63" />
        <source>Hub only</source>
        <translation>Hub seulement</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="72" />
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="76" />
        <source>Connection to the till server</source>
        <translation>Connexion au serveur de caisse</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="95" />
        <source>Send tickets now</source>
        <translation>Envoyer les tickets</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="98" />
        <source>Tickets to send</source>
        <translation>Tickets à envoyer</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="100" />
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="101" />
        <source>Oldest waiting since</source>
        <translation>Le plus ancien depuis</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="102" />
        <source>Last sync</source>
        <translation>Dernière synchro</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="103" />
        <source>Receipts waiting to print</source>
        <translation>Tickets à imprimer</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="114" />
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="115" />
        <source>Day / number</source>
        <translation>Jour / numéro</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="116" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="117" />
        <source>Tries</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="118" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="128" />
        <source>Retry selected</source>
        <translation>Renvoyer la sélection</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="131" />
        <source>Retry all</source>
        <translation>Tout renvoyer</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="148" />
        <source>Quarantined tickets (refused by the server)</source>
        <translation>Tickets en quarantaine (refusés par le serveur)</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="157" />
        <source>Seen by the cashier</source>
        <translation>Vu par le caissier</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="165" />
        <source>Messages from head office</source>
        <translation>Messages du siège</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="246" />
        <source>Select the tickets to retry first.</source>
        <translation>Sélectionnez d'abord les tickets à renvoyer.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="255" />
        <source>{count} ticket(s) back in the outbox.</source>
        <translation>{count} ticket(s) remis dans la file d'envoi.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the gateway</source>
        <translation>utilisé : la passerelle</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="285" />
        <source>in use: the hub</source>
        <translation>utilisé : le hub</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="292" />
        <source>No web-service URL set (Web services tab).</source>
        <translation>Aucune URL de service web (onglet Services web).</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="296" />
        <source>Server reachable. Last ping: {time}.</source>
        <translation>Serveur joignable. Dernier ping : {time}.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="300" />
        <source>Server not answering since the ping at {time}: {error}</source>
        <translation>Le serveur ne répond pas depuis le ping de {time} : {error}</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="308" />
        <source>{count} ticket(s) of the store's other tills were refused by the gateway and are held here, not relayed: see the reasons below, fix, then Retry.</source>
        <translation>{count} ticket(s) des autres caisses du magasin ont été refusés par la passerelle et sont retenus ici, non relayés : voir les raisons ci-dessous, corriger, puis Réessayer.</translation>
    </message>
    <message>
        <location filename="../status/panel.py" line="335" />
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
</context><context>
    <name>SupervisorPrompt</name>
    <message>
        <location filename="../front/supervisor.py" line="38" />
        <source>Supervisor approval</source>
        <translation>Approbation du superviseur</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="39" />
        <source>{action} needs a supervisor.</source>
        <translation>{action} : il faut un superviseur.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="61" />
        <source>Supervisor: your code, Enter, your PIN, Enter. Esc: cancel.</source>
        <translation>Superviseur : votre code, Entrée, votre code PIN, Entrée. Échap : annuler.</translation>
    </message>
    <message>
        <location filename="../front/supervisor.py" line="69" />
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context><context>
    <name>TicketPanel</name>
    <message>
        <location filename="../front/ticket.py" line="45" />
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="46" />
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="47" />
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="48" />
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="49" />
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="50" />
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>voided</source>
        <translation>annulée</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="72" />
        <source>kg</source>
        <translation>kg</translation>
    </message>
</context><context>
    <name>TillMenu</name>
    <message>
        <location filename="../front/menu.py" line="12" />
        <source>Float (change fund)</source>
        <translation>Fond de caisse</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="13" />
        <source>Cash in</source>
        <translation>Entrée d'espèces</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="14" />
        <source>Cash out</source>
        <translation>Sortie d'espèces</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="15" />
        <source>Safe drop</source>
        <translation>Versement au coffre</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="16" />
        <source>Open the drawer</source>
        <translation>Ouvrir le tiroir</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="17" />
        <source>Closing count</source>
        <translation>Comptage de clôture</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="18" />
        <source>X report</source>
        <translation>Rapport X</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="19" />
        <source>Reprint a receipt</source>
        <translation>Réimprimer un ticket</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="29" />
        <source>Till</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <location filename="../front/menu.py" line="30" />
        <source>Drawer and reports: press a digit. Esc: back.</source>
        <translation>Tiroir et rapports : tapez un chiffre. Échap : retour.</translation>
    </message>
</context><context>
    <name>Time</name>
    <message>
        <location filename="../i18n.py" line="79" />
        <source>never</source>
        <translation>jamais</translation>
    </message>
</context><context>
    <name>TotalsPanel</name>
    <message>
        <location filename="../front/ticket.py" line="131" />
        <source>TOTAL</source>
        <translation>TOTAL</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="149" />
        <source>CHANGE</source>
        <translation>RENDU</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="165" />
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="166" />
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="167" />
        <source>Offers</source>
        <translation>Offres</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="168" />
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="192" />
        <source>card {number}</source>
        <translation>carte {number}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="201" />
        <source>Ticket {number} closed.</source>
        <translation>Ticket {number} clôturé.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="203" />
        <source>Ticket cancelled.</source>
        <translation>Ticket annulé.</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="205" />
        <source>Still due: {due}</source>
        <translation>Reste à payer : {due}</translation>
    </message>
    <message>
        <location filename="../front/ticket.py" line="211" />
        <source>Card discount {percent} %</source>
        <translation>Remise carte {percent} %</translation>
    </message>
</context><context>
    <name>Unit</name>
    <message>
        <location filename="../settings/layout.py" line="345" />
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="346" />
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="347" />
        <source>baud</source>
        <translation>bauds</translation>
    </message>
    <message>
        <location filename="../settings/layout.py" line="348" />
        <source>tickets</source>
        <translation>tickets</translation>
    </message>
</context><context>
    <name>XReport</name>
    <message>
        <location filename="../front/report.py" line="32" />
        <source>Float</source>
        <translation>Fond de caisse</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="33" />
        <source>+ Cash sales</source>
        <translation>+ Ventes en espèces</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="34" />
        <source>- Cash refunds</source>
        <translation>- Remboursements en espèces</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="35" />
        <source>+ Cash in</source>
        <translation>+ Entrées d'espèces</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="36" />
        <source>- Cash out</source>
        <translation>- Sorties d'espèces</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="37" />
        <source>- Safe drops</source>
        <translation>- Versements au coffre</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="40" />
        <source>Cash</source>
        <translation>Espèces</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="41" />
        <source>Card</source>
        <translation>Carte</translation>
    </message>
</context><context>
    <name>XReportDialog</name>
    <message>
        <location filename="../front/report.py" line="94" />
        <source>X report</source>
        <translation>Rapport X</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="97" />
        <source>X report · business day {day} · till {till}</source>
        <translation>Rapport X · journée {day} · caisse {till}</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="102" />
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="161" />
        <location filename="../front/report.py" line="111" />
        <location filename="../front/report.py" line="105" />
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Refunds</source>
        <translation>Remboursements</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="105" />
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="110" />
        <source>Cashier</source>
        <translation>Caissier</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="162" />
        <location filename="../front/report.py" line="112" />
        <source>Returns</source>
        <translation>Retours</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="163" />
        <location filename="../front/report.py" line="113" />
        <source>Cancelled</source>
        <translation>Annulés</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="114" />
        <source>Voided lines</source>
        <translation>Lignes annulées</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="115" />
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="122" />
        <source>Close (Esc)</source>
        <translation>Fermer (Échap)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="127" />
        <source>The day so far</source>
        <translation>La journée jusqu'ici</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="129" />
        <source>By payment method</source>
        <translation>Par moyen de paiement</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="131" />
        <source>By cashier</source>
        <translation>Par caissier</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="135" />
        <source>Cash in the drawer</source>
        <translation>Espèces dans le tiroir</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="164" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="183" />
        <source>(no cashier)</source>
        <translation>(sans caissier)</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="206" />
        <source>= Expected</source>
        <translation>= Attendu</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="215" />
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location filename="../front/report.py" line="216" />
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
</context></TS>
