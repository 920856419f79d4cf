/*
 * The demo record.  The first three cases retell the paper's real cases
 * (see DOMAIN.md, "Three real cases") in the voice of the people who
 * worked them; the last three are small everyday incidents that give the
 * queue variety: a scan closed at triage, a policy violation still at
 * intake, a phishing report from JPCERT/CC in initial response.
 *
 * The real cases end in different phases on purpose (closed, report,
 * recovery), so that every screen has something to show; the seventh, a
 * defaced lab web page, waits in report for the head's severity.  The
 * open cases wait on each role: the CERT (2026-0003's prevention), the
 * office staff (2026-0004's recovery, 2026-0005's cut-off, 2026-0006's
 * reporter) and the head (2026-0007), so every "For me" tab has a case.
 *
 * Each case's checklist tells the same story as its notes: the gates of
 * the phases it has left are complete, the current phase is part done.
 * Values follow the item's kind (playbooks/README.md) and are written in
 * the language of the person who gives them.  Answers carry no note: the
 * notebook entry next to them says why.
 */
#include "core/demo.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* Checklist entries: an answer, a waiver, a head's decision recorded. */
#define ANSWER(m, who, item, value)	{ (m), (who), (item), (value), NULL, -1 }
#define WAIVE(m, who, item, reason)	{ (m), (who), (item), NULL, (reason), -1 }
#define FOR_HEAD(m, who, item, value, reason, head) \
	{ (m), (who), (item), (value), (reason), (head) }

enum {
	TAKAHASHI,	/* CERT technical member, faculty */
	NAKAMURA,	/* CERT technical staff, runs the Splunk dashboards */
	YAMADA,		/* office staff: contacts departments, goes on site */
	WEBER,		/* CERT technical member, writes in English */
	KOBAYASHI,	/* head of department: the demo's one head, who decides
			   the severity (case 2) or whose decision is recorded */
	ITO		/* network administrator (NOC) */
};

const struct cb_demo_person cb_demo_people[] = {
	[TAKAHASHI] = { "高橋 亮", "takahashi@example.ac.jp", "tech" },
	[NAKAMURA] = { "Aiko Nakamura", "nakamura@example.ac.jp", "tech" },
	[YAMADA] = { "山田 恵子", "yamada@example.ac.jp", "staff" },
	[WEBER] = { "Daniel Weber", "weber@example.ac.jp", "tech" },
	[KOBAYASHI] = { "小林 誠", "kobayashi@example.ac.jp", "head" },
	[ITO] = { "伊藤 大輔", "ito@example.ac.jp", "staff" },
};
const size_t cb_demo_n_people = N(cb_demo_people);

/* ------------------------------------------------------------------ */
/* 1. NAS intrusion: detected by the NOC, cut off at once; closed.     */

static const struct cb_demo_note nas_notes[] = {
	{ 0, ITO,
	  "Splunk の netflow アラート (Rocket.Chat #cert-alerts) で検知。\n"
	  "\n"
	  "- src 192.0.2.45 (nas-mech-lab3, 工学院 機械系) から tcp/22 への"
	  "接続試行が急増\n"
	  "- 直近 15 分で約 4,800 セッション、宛先 1,130 アドレス\n"
	  "- 宛先は学内 (192.0.2.0/24, 198.51.100.0/24) と学外の両方。"
	  "学外宛てが約 7 割\n"
	  "\n"
	  "SSH ブルートフォースの踏み台にされている可能性が高いです。" },
	{ 6, TAKAHASHI,
	  "Triage: 学外ホストへの攻撃が出ているので **即遮断** と判断 "
	  "(criterion: the host attacks hosts outside the university)。"
	  "緊急性を immediate に上げます。\n"
	  "\n"
	  "- 伊藤さん: スイッチポートと境界FWでの遮断をお願いします\n"
	  "- 山田さん: 機械系への連絡をお願いします。"
	  "機器は共同研究者のものらしい\n"
	  "- 電源は切らないよう研究室に伝えてください (調査のため)" },
	{ 19, ITO,
	  "遮断完了 (検知から 19 分)。\n"
	  "\n"
	  "- edge-sw-m3 Gi1/0/17 を shutdown\n"
	  "- 念のため境界FWでも 192.0.2.45 を src/dst とも deny\n"
	  "- 遮断後、192.0.2.45 発の tcp/22 は 0 件を確認" },
	{ 75, YAMADA,
	  "機械系事務室に連絡し、研究室の担当助教と話しました。\n"
	  "\n"
	  "- NAS は共同研究先の研究者が購入し、研究室に設置したもの "
	  "(約 3 か月前)\n"
	  "- 初期設定は納入業者に任せた。管理者パスワードは"
	  "**初期値のまま**だったとのこと\n"
	  "- 共同研究先からもアクセスできるよう、グローバルIPで公開していた\n"
	  "- 保存しているのは実験の計測データ。学生の成績や個人情報は"
	  "置いていない、との回答 (要確認)\n"
	  "\n"
	  "研究室には、電源は切らずにそのままにしておくようお願いしました。" },
	{ 240, WEBER,
	  "Log review (border FW and netflow in Splunk, last 7 days):\n"
	  "\n"
	  "- First successful SSH login to nas-mech-lab3 as `admin` from "
	  "203.0.113.77, about 50 min before the alert, after ~600 failed "
	  "attempts over two days. Default credentials, as the lab said.\n"
	  "- Outbound tcp/22 scanning started ~25 min after that login and "
	  "ran until the cut-off: **observation period about 70 minutes**.\n"
	  "- Targets: 1,130 addresses, 812 of them outside the university. "
	  "No successful outbound login visible in our logs (sessions short, "
	  "under 2 KB each).\n"
	  "- Outbound volume from the NAS in the window: 38 MB, almost all "
	  "scan traffic. No large transfer to a single destination, so bulk "
	  "exfiltration looks unlikely.\n"
	  "\n"
	  "Search saved in Splunk as `cb_nas_mech_lab3`." },
	{ 1500, TAKAHASHI,
	  "NAS 本体の調査 (研究室立会い、ディスクイメージ取得後)。\n"
	  "\n"
	  "- `/tmp/.ssh-x/` に scanner バイナリとパスワードリスト。"
	  "sha256 `3f9a1c07e2…` は既知の SSH brute-force ツール\n"
	  "- `admin` の crontab に再起動時の起動エントリが追加されていた\n"
	  "- 共有フォルダのファイル更新時刻に不審な変化なし。"
	  "SMB/WebDAV のアクセスは研究室内からのみ\n"
	  "\n"
	  "結論: SSH 攻撃の踏み台として使われた**不正侵入**。"
	  "遮断まで短時間で、データの改竄・持ち出しの痕跡なし。"
	  "重篤な攻撃はなしと判断します。" },
	{ 2900, TAKAHASHI,
	  "Recovery plan (研究室と合意済み):\n"
	  "\n"
	  "1. 初期化 (factory reset) とファームウェア更新\n"
	  "2. 管理者パスワードを変更、使っていないアカウントを削除\n"
	  "3. SSH と管理画面を無効化。グローバルIPでの公開をやめ、"
	  "研究室ルータ配下のプライベートアドレスへ\n"
	  "4. 共同研究先からは学内 VPN 経由でのみアクセス\n"
	  "\n"
	  "Root cause: グローバルIPでの公開 + 納入業者任せの初期設定 "
	  "(デフォルトパスワード)。" },
	{ 5800, ITO,
	  "復旧確認: 研究室から作業完了の連絡を受け、学内スキャナ "
	  "(198.51.100.5) から確認しました。\n"
	  "\n"
	  "- tcp/22、管理画面 (5000, 8080) とも閉\n"
	  "- SMB は研究室セグメントからのみ到達\n"
	  "\n"
	  "問題ないので edge-sw-m3 Gi1/0/17 を no shutdown、FW の deny も"
	  "解除。1 週間は保存済み検索 `cb_nas_mech_lab3` のアラートで"
	  "監視を続けます。" },
	{ 10200, YAMADA,
	  "1 週間の監視で異常通信なし (伊藤さん確認済み)。"
	  "機械系長に事実関係を説明しました。\n"
	  "\n"
	  "機械系長の判断: **重大度 low** (個人情報・機密情報なし、"
	  "遮断まで短時間、学外への被害は確認されていない)。" },
	{ 11600, TAKAHASHI,
	  "再発防止策 / Prevention:\n"
	  "\n"
	  "- 全部局へ注意喚起を送付: 「グローバルIPで公開する機器 "
	  "(NAS、プリンター等) の初期パスワード変更と公開範囲の見直し」\n"
	  "- 共同研究者が持ち込む機器も、接続前に部局のネットワーク担当へ"
	  "申請すること (機械系で運用開始)\n"
	  "- 機械系で同型の NAS を 2 台確認。いずれもプライベートアドレスで"
	  "問題なし" },
	{ 20000, YAMADA,
	  "報告書 (文科省様式) を提出しました。報告者は機械系の担当助教、"
	  "事実関係とログの要約は CERT から提供。クローズします。" },
};

/* The urgency comes from the suggestion accepted at 6, the severity
   from the answer at 10200. */
static const struct cb_demo_change nas_changes[] = {
	{ 4, TAKAHASHI, "phase", "triage" },
	{ 4, TAKAHASHI, "assignees", "takahashi,ito" },
	{ 7, TAKAHASHI, "assignees", "takahashi,ito,yamada" },
	{ 19, ITO, "phase", "initial" },
	{ 90, TAKAHASHI, "phase", "handling" },
	{ 90, TAKAHASHI, "department", "工学院 機械系" },
	{ 2900, TAKAHASHI, "phase", "recovery" },
	{ 10200, YAMADA, "phase", "report" },
	{ 20000, YAMADA, "phase", "closed" },
};

/* Walked like Table 1 of the paper: every gate complete, then closed. */
static const struct cb_demo_answer nas_answers[] = {
	ANSWER(1, ITO, "source", "admin_observation"),
	ANSWER(1, ITO, "reporter",
	    "NOC 伊藤 大輔 (異常トラフィック検知) ito@example.ac.jp"),
	ANSWER(5, TAKAHASHI, "classification", "intrusion"),
	ANSWER(5, ITO, "affected_host", "192.0.2.45,nas-mech-lab3"),
	ANSWER(6, TAKAHASHI, "attack_scope",
	    "tcp/22 (SSH) への接続試行。直近 15 分で約 4,800 セッション、"
	    "宛先 1,130 アドレス。学内と学外の両方で、学外宛てが約 7 割"),
	ANSWER(6, TAKAHASHI, "external_targets", "yes"),
	ANSWER(7, TAKAHASHI, "urgency", "immediate"),
	ANSWER(19, ITO, "network_cutoff", "now"),
	ANSWER(76, YAMADA, "host_profile",
	    "共同研究先の研究者が購入し、約 3 か月前に研究室に設置した NAS。"
	    "初期設定は納入業者任せで、管理者パスワードは初期値のまま。"
	    "共同研究先からも使えるようグローバルIPで公開。"
	    "保存しているのは実験の計測データ"),
	ANSWER(240, WEBER, "observation_period", "{-50}/{19}"),
	ANSWER(1500, TAKAHASHI, "confidential_data", "no"),
	ANSWER(1500, TAKAHASHI, "data_leak", "no"),
	ANSWER(2900, TAKAHASHI, "root_cause",
	    "グローバルIPで公開した NAS の管理者パスワードが初期値のまま "
	    "(初期設定を納入業者任せ)。SSH のパスワード推測で admin として"
	    "侵入され、SSH 攻撃の踏み台にされた"),
	ANSWER(5800, TAKAHASHI, "safe_to_restore", "yes"),
	ANSWER(5800, ITO, "recovery_done", "now"),
	FOR_HEAD(10200, YAMADA, "dept_severity", "low", NULL, KOBAYASHI),
	ANSWER(11600, TAKAHASHI, "prevention",
	    "全部局へ注意喚起 (グローバルIPで公開する機器の初期パスワード変更と"
	    "公開範囲の見直し)。共同研究者が持ち込む機器も接続前に部局の"
	    "ネットワーク担当へ申請 (機械系で運用開始)。当該 NAS は"
	    "プライベートアドレスへ移し、学外からは学内 VPN 経由のみ"),
	ANSWER(19995, YAMADA, "report_filed", "now"),
};

static const struct cb_demo_act nas_acts[] = {
	{ 5, ITO, "intrusion/attack_traffic_starts_triage/0", true },
	{ 5, ITO, "intrusion/attack_traffic_starts_triage/1", true },
	{ 6, TAKAHASHI, "intrusion/external_attack_is_immediate/0", true },
	{ 6, TAKAHASHI, "intrusion/external_attack_is_immediate/2", true },
	{ 19, ITO, "intrusion/external_attack_is_immediate/1", true },
	{ 5800, ITO, "intrusion/safe_so_recover/1", true },
};

/* ------------------------------------------------------------------ */
/* 2. Malware via a link in a targeted mail; severity low; in report.  */

static const struct cb_demo_note mail_notes[] = {
	{ 0, NAKAMURA,
	  "Rocket.Chat #cert-alerts に支線FW (fw-bio-br1) のアラート:\n"
	  "\n"
	  "- 198.51.100.23 (bio-jimu-pc07) が "
	  "`hxxp://203.0.113.58/doc/seikyu_0412.zip` をダウンロード\n"
	  "- FW の判定: Trojan-Downloader.JS、sha256 `9c0e4b7a51…`\n"
	  "- HTTP 200、184 KB 転送完了 (FW はアラートのみで遮断していない)\n"
	  "\n"
	  "ダウンロードは完了しているのでトリアージに回します。" },
	{ 20, NAKAMURA,
	  "Triage:\n"
	  "\n"
	  "- ウイルス対策ソフトの管理サーバ: ダウンロードの約 1 分後、"
	  "bio-jimu-pc07 で zip 内の `.js` を検知して**削除**\n"
	  "- 二次通信: プロキシ・FW ログで 203.0.113.0/24 や既知の C2 への"
	  "通信は今のところなし\n"
	  "- 同じ URL へのアクセスは学内でこの 1 台のみ\n"
	  "\n"
	  "削除済みですが、シグネチャにマッチしない別の検体の可能性もあるので"
	  "緊急性は high のまま、端末の切り離しを依頼します。" },
	{ 38, YAMADA,
	  "生命理工学院 事務部に電話し、利用者本人 (経理担当) に LAN ケーブルを"
	  "抜いてもらいました (電源はそのまま)。\n"
	  "\n"
	  "本人の話: 朝、「【至急】請求書送付のご案内」という件名のメールが"
	  "届き、本文のリンクをクリックした。zip が開けなかったので、"
	  "そのままにしていた。\n"
	  "\n"
	  "メールを添付ファイル形式で CERT 宛てに転送してもらい、受領済み。" },
	{ 120, NAKAMURA,
	  "Log details (initial response):\n"
	  "\n"
	  "- メールGW: 同じ送信元 `billing@invoice-notice.example.net` から"
	  "学内 23 名に配信、うち生命理工学院が 17 名 (Splunk ダッシュボードの"
	  "所属別受信者数でも突出)\n"
	  "- 件名・本文とも事務の業務に合わせた内容で、**標的型メール** "
	  "(ばらまき型) と判断\n"
	  "- リンクをクリックしたのはプロキシログ上 bio-jimu-pc07 のみ\n"
	  "- 送信元ドメインと 203.0.113.58 をメールGW・プロキシでブロック済み" },
	{ 300, WEBER,
	  "Sample analysis. Took the file from the FW capture and ran it in "
	  "the sandbox appliance:\n"
	  "\n"
	  "- JS downloader. When run it fetches a second stage from "
	  "`hxxp://203.0.113.91/gate.php` and adds a Run key for persistence.\n"
	  "- AV quarantined it on first write; the EDR timeline has no "
	  "`wscript.exe` process on bio-jimu-pc07, so it was never run.\n"
	  "- No connection to 203.0.113.91 from any campus host in FW and "
	  "proxy logs for the past 14 days.\n"
	  "\n"
	  "So: download completed, execution very unlikely, no secondary "
	  "traffic. Risk of secondary infection is low." },
	{ 1500, YAMADA,
	  "部局への確認結果 (機密・個人情報):\n"
	  "\n"
	  "- 当該端末は事務部の経理用。予算執行の表計算ファイルはあるが、"
	  "学生・教職員の個人情報や機密情報は保存していない "
	  "(個人情報は業務システム上のみで扱い、端末には置かない運用)\n"
	  "- 同じ島の端末 8 台のフルスキャンを事務部で実施済み、検出なし" },
	{ 2900, TAKAHASHI,
	  "Recovery:\n"
	  "\n"
	  "- シグネチャにマッチしない別のマルウェアの可能性を考え、"
	  "**端末を交換** (bio-jimu-pc07 → 予備機 bio-jimu-pc21、同じ IP で"
	  "再接続)\n"
	  "- 旧端末はディスクイメージを保存してから初期化\n"
	  "- 影響範囲内 8 台のスキャン完了、検出なし\n"
	  "\n"
	  "原因: 標的型メール内のリンクのクリック。" },
	{ 8600, KOBAYASHI,
	  "CERT からの報告を確認しました。ダウンロードの検知後すぐに"
	  "ウイルス対策ソフトで削除されていること、当該端末に機密・個人情報が"
	  "ないことから、本学院としての重大度は**低**と判断します。"
	  "請求書を装ったメールへの注意を事務部で改めて周知します。" },
	{ 8800, YAMADA,
	  "報告書: 報告者 (事務部の係長) が文科省様式で作成中。CERT から"
	  "時系列、ログの要約、対応内容を提供しました。\n"
	  "\n"
	  "- [x] 時系列\n"
	  "- [x] 二次感染の確認結果\n"
	  "- [ ] 再発防止策 (CERT で取りまとめ中。事務部は標的型メール訓練への"
	  "参加を検討中)" },
};

/* The classes come from the classification answered again at 120, the
   severity from the head's answer at 8600. */
static const struct cb_demo_change mail_changes[] = {
	{ 3, NAKAMURA, "phase", "triage" },
	{ 3, NAKAMURA, "assignees", "nakamura,yamada" },
	{ 40, NAKAMURA, "phase", "initial" },
	{ 300, WEBER, "assignees", "nakamura,yamada,weber" },
	{ 320, NAKAMURA, "phase", "handling" },
	{ 2900, TAKAHASHI, "phase", "recovery" },
	{ 2900, TAKAHASHI, "hosts",
	  "198.51.100.23,bio-jimu-pc07,bio-jimu-pc21" },
	{ 8700, YAMADA, "phase", "report" },
};

/* In report: the head's severity decided, prevention still open. */
static const struct cb_demo_answer mail_answers[] = {
	ANSWER(1, NAKAMURA, "source", "alert"),
	ANSWER(1, NAKAMURA, "reporter",
	    "支線FW (fw-bio-br1) のアラート (Splunk、#cert-alerts)"),
	ANSWER(5, NAKAMURA, "classification", "malware"),
	ANSWER(5, NAKAMURA, "affected_host", "198.51.100.23,bio-jimu-pc07"),
	ANSWER(5, NAKAMURA, "malware_download", "yes"),
	ANSWER(20, NAKAMURA, "secondary_traffic", "no"),
	ANSWER(20, NAKAMURA, "urgency", "high"),
	ANSWER(38, YAMADA, "network_cutoff", "now"),
	ANSWER(120, NAKAMURA, "classification", "malware,targeted"),
	ANSWER(120, NAKAMURA, "log_details",
	    "メールGW: 送信元 billing@invoice-notice.example.net から学内 23 名に"
	    "配信 (生命理工学院 17 名)。プロキシ: リンクをクリックしたのは "
	    "bio-jimu-pc07 のみ。支線FW: 203.0.113.58 から zip 184 KB の"
	    "ダウンロード完了。いずれも Splunk に保存"),
	ANSWER(300, WEBER, "malware_traits",
	    "JS downloader (Trojan-Downloader.JS, sha256 9c0e4b7a51…). When "
	    "run it fetches a second stage from hxxp://203.0.113.91/gate.php "
	    "and adds a Run key for persistence. Quarantined by AV on first "
	    "write and never run (no wscript.exe in the EDR timeline)."),
	ANSWER(300, WEBER, "secondary_infection", "no"),
	ANSWER(330, YAMADA, "host_profile",
	    "生命理工学院 事務部の経理用 PC (Windows)。利用者は経理担当の"
	    "職員、端末の管理は事務部"),
	ANSWER(330, NAKAMURA, "download_route", "mail_link"),
	ANSWER(330, NAKAMURA, "observation_period", "{-1}/{0}"),
	ANSWER(1500, YAMADA, "confidential_data", "no"),
	ANSWER(1505, NAKAMURA, "data_leak", "no"),
	ANSWER(2900, TAKAHASHI, "root_cause",
	    "標的型メール (請求書を装ったもの) 本文のリンクをクリックし、"
	    "zip に入った JS ダウンローダを取得した"),
	ANSWER(2900, TAKAHASHI, "safe_to_restore", "yes"),
	ANSWER(2900, TAKAHASHI, "recovery_done", "now"),
	ANSWER(8600, KOBAYASHI, "dept_severity", "low"),
};

static const struct cb_demo_act mail_acts[] = {
	{ 5, NAKAMURA, "malware/malicious_traffic_gather_info/0", true },
	{ 5, NAKAMURA, "malware/malicious_traffic_gather_info/1", true },
	{ 20, NAKAMURA, "malware/malicious_traffic_gather_info/2", true },
	{ 120, NAKAMURA, "malware/download_needs_logs/2", true },
	{ 120, NAKAMURA, "targeted/new_mail_find_recipients/0", true },
	{ 120, NAKAMURA, "targeted/new_mail_find_recipients/1", true },
	{ 120, NAKAMURA, "targeted/new_mail_find_recipients/2", true },
	{ 330, NAKAMURA, "malware/mail_route_check_recipients/0", true },
	{ 2900, TAKAHASHI, "malware/download_needs_logs/3", true },
	{ 2900, TAKAHASHI, "malware/safe_so_recover/1", true },
	{ 8600, KOBAYASHI, "targeted/new_mail_find_recipients/3", true },
};

/* ------------------------------------------------------------------ */
/* 3. Adware with C2 traffic, seen by the sandbox appliance and the    */
/*    dashboard; renewed traffic reported by office staff; recovery.   */

static const struct cb_demo_note adware_notes[] = {
	{ 0, NAKAMURA,
	  "Lastline detection on the Splunk dashboard (notable incidents "
	  "panel):\n"
	  "\n"
	  "- 192.0.2.130 (mat-lab-pc12) downloaded 37 binaries in 3 hours, "
	  "all judged **adware** (score 45-60), from 203.0.113.140 and a CDN\n"
	  "- samples sha256 `e1d48b02c9…` and `7a0f3e66d1…` (same family, "
	  "repacked)\n"
	  "\n"
	  "None is very dangerous alone, but the count is unusual." },
	{ 45, WEBER,
	  "Triage: the downloads completed (HTTP 200, files written according "
	  "to Lastline). Secondary traffic: **yes**. The Alert3 Automation "
	  "panel counts periodic connections from 192.0.2.130 to "
	  "203.0.113.200:443 every ~300 s (jitter under 5 s), small POSTs of "
	  "about 1.2 KB. That is a C2 beacon, not ad traffic.\n"
	  "\n"
	  "Keeping urgency normal for now; asking the lab who uses the PC." },
	{ 150, NAKAMURA,
	  "外部機関 (他大学の CSIRT) から連絡: 192.0.2.130 から、先方で C2 と"
	  "判定しているサーバ 203.0.113.200 への通信を観測したとのこと。"
	  "当方の観測と一致します。外部からの報告もあるので"
	  "**優先度を上げます** (urgency → high)。" },
	{ 200, YAMADA,
	  "材料系事務と研究室に連絡し、現地に行きました "
	  "(高橋さんと Rocket.Chat でやり取りしながら)。\n"
	  "\n"
	  "- 利用者は研究員。大学の端末ではなく**個人のノート PC** を"
	  "研究室の LAN につないでいた\n"
	  "- LAN ケーブルを外し、無線 LAN もオフにしてもらいました "
	  "(この時刻で遮断)\n"
	  "- 研究室の学生とは USB メモリでデータをやり取りしている。最近"
	  "フリーソフトの PDF 変換ツールを入れた、とのこと" },
	{ 420, TAKAHASHI,
	  "ウイルススキャン結果 (本人が実施、画面を山田さんが確認): "
	  "PUP/Adware を 3 件検出・駆除。本人の強い希望もあり、夕方に"
	  "再接続を許可しました。C2 通信が止まるかダッシュボードで監視します。" },
	{ 1460, YAMADA,
	  "ダッシュボードでアラートが出ています。192.0.2.130 から "
	  "203.0.113.200 への通信が今朝から再び出ています (直近 1 時間で "
	  "12 件)。昨日と同じ宛先です。高橋さん、中村さん、確認を"
	  "お願いします。" },
	{ 1500, WEBER,
	  "Confirmed: the beacon resumed after the reconnection, same "
	  "interval. The scan removed the adware installers but not the "
	  "persistence: a scheduled task `UpdaterSvcTask` and a browser "
	  "extension fetch the payload again.\n"
	  "\n"
	  "Cut off again: NOC blocked the MAC on mat-sw-2. I recommend this "
	  "personal PC is not reconnected at all." },
	{ 2900, NAKAMURA,
	  "Handling summary:\n"
	  "\n"
	  "- Observation period: first beacon about 2 days before the Lastline "
	  "alert (Splunk back-search), last one at the second cut-off\n"
	  "- Beacons are small (~1.2 KB each, 280 in total); no large upload "
	  "from this host, so a data leak is unlikely\n"
	  "- The PC held experiment data only, no personal data (研究室に確認)\n"
	  "- No other campus host talks to 203.0.113.200 or 203.0.113.140. "
	  "Of the two USB sticks used in the lab, one holds the PDF tool "
	  "installer (sha256 `7a0f3e66d1…`)\n"
	  "\n"
	  "Likely cause: the PDF tool, downloaded from a freeware site and "
	  "passed around on USB." },
	{ 4400, TAKAHASHI,
	  "Recovery (材料系と合意):\n"
	  "\n"
	  "- 研究員個人の PC の学内ネットワークでの使用を禁止\n"
	  "- 大学から新しい PC を用意 (mat-lab-pc31, 192.0.2.131)\n"
	  "- 不明なソフトウェアの無許可インストールを禁止。必要なソフトは"
	  "ネットワーク管理者の監視下でインストールする\n"
	  "- 新 PC の接続後 3 日間、ダッシュボードで 192.0.2.131 を監視" },
	{ 7300, YAMADA,
	  "材料系事務より: 新 PC への解析ソフト 2 本のインストールを、"
	  "ネットワーク管理者の立会いで済ませたとのこと。個人 PC は本人が"
	  "持ち帰って初期化済み。ダッシュボードでは 192.0.2.131 の"
	  "アラートなし。" },
};

/* The urgency, the reporter and the classes come from answers given
   again at 150, 160 and 2900. */
static const struct cb_demo_change adware_changes[] = {
	{ 10, NAKAMURA, "phase", "triage" },
	{ 10, NAKAMURA, "assignees", "nakamura,weber" },
	{ 160, NAKAMURA, "assignees", "nakamura,weber,yamada,takahashi" },
	{ 200, TAKAHASHI, "phase", "initial" },
	{ 1560, TAKAHASHI, "phase", "handling" },
	{ 4400, TAKAHASHI, "phase", "recovery" },
	{ 4400, TAKAHASHI, "hosts",
	  "192.0.2.130,mat-lab-pc12,192.0.2.131,mat-lab-pc31" },
};

/*
 * In recovery: safe to restore on the new PC, the recovery not done while
 * the dashboard watch goes on.  The cut-off is answered twice (the PC was
 * reconnected at 420 and cut off again at 1500), so both stay in history.
 */
static const struct cb_demo_answer adware_answers[] = {
	ANSWER(1, NAKAMURA, "source", "alert"),
	ANSWER(1, NAKAMURA, "reporter", "Lastline / Splunk dashboard"),
	ANSWER(12, NAKAMURA, "classification", "malware"),
	ANSWER(12, NAKAMURA, "affected_host", "192.0.2.130,mat-lab-pc12"),
	ANSWER(45, WEBER, "malware_download", "yes"),
	ANSWER(45, WEBER, "secondary_traffic", "yes"),
	ANSWER(45, WEBER, "urgency", "normal"),
	ANSWER(150, NAKAMURA, "urgency", "high"),
	ANSWER(160, NAKAMURA, "reporter",
	    "Lastline / Splunk dashboard; 外部機関 (他大学 CSIRT)"),
	ANSWER(200, YAMADA, "network_cutoff", "now"),
	ANSWER(210, NAKAMURA, "log_details",
	    "Lastline: 37 binaries downloaded in 3 hours from 203.0.113.140 "
	    "and a CDN, all judged adware (score 45-60); samples "
	    "e1d48b02c9… and 7a0f3e66d1…. Alert3 Automation panel: beacons "
	    "from 192.0.2.130 to 203.0.113.200:443 every ~300 s, POSTs of "
	    "~1.2 KB. Both kept in Splunk."),
	ANSWER(1500, WEBER, "malware_traits",
	    "Adware family, repacked (e1d48b02c9…, 7a0f3e66d1…). Persists "
	    "through a scheduled task UpdaterSvcTask and a browser extension "
	    "that fetch the payload again; beacons to 203.0.113.200:443 every "
	    "~300 s (C2), not ad traffic."),
	ANSWER(1500, WEBER, "network_cutoff", "now"),
	ANSWER(1565, YAMADA, "host_profile",
	    "研究員の個人のノート PC (大学の管理外) を研究室の LAN に接続して"
	    "使用。研究室の学生とは USB メモリでデータをやり取り。最近"
	    "フリーソフトの PDF 変換ツールを導入"),
	ANSWER(2900, NAKAMURA, "classification", "malware,policy"),
	ANSWER(2900, NAKAMURA, "observation_period", "{-2880}/{1500}"),
	ANSWER(2900, NAKAMURA, "confidential_data", "no"),
	ANSWER(2900, NAKAMURA, "download_route", "software_install"),
	ANSWER(2900, NAKAMURA, "secondary_infection", "no"),
	ANSWER(2900, NAKAMURA, "data_leak", "no"),
	ANSWER(4400, TAKAHASHI, "root_cause",
	    "研究員個人の PC に、フリーソフトのサイトから入手し USB メモリで"
	    "受け渡された PDF 変換ツールを入れたことによるアドウェア感染 "
	    "(推定)。初回のスキャンでは永続化 (スケジュールタスクと"
	    "ブラウザ拡張) が残り、C2 通信が再開した"),
	ANSWER(4400, TAKAHASHI, "safe_to_restore", "yes"),
};

/* At 45 Weber keeps the urgency normal: the rule's "immediate" is
   dismissed.  Adding the policy class at 2900 suggests "low" for a
   routine alert, which the external report already ruled out. */
static const struct cb_demo_act adware_acts[] = {
	{ 12, NAKAMURA, "malware/malicious_traffic_gather_info/0", true },
	{ 45, WEBER, "malware/malicious_traffic_gather_info/1", true },
	{ 45, WEBER, "malware/malicious_traffic_gather_info/2", true },
	{ 45, WEBER, "malware/secondary_traffic_is_immediate/0", false },
	{ 45, WEBER, "malware/secondary_traffic_is_immediate/2", true },
	{ 200, YAMADA, "malware/secondary_traffic_is_immediate/1", true },
	{ 210, NAKAMURA, "malware/download_needs_logs/2", true },
	{ 420, TAKAHASHI, "malware/download_needs_logs/3", true },
	{ 2900, NAKAMURA, "malware/secondary_traffic_is_immediate/3", true },
	{ 2900, NAKAMURA, "policy/alert_is_low/0", false },
	{ 2900, NAKAMURA, "policy/alert_is_low/1", true },
	{ 2900, NAKAMURA, "policy/alert_is_low/2", true },
	{ 4400, TAKAHASHI, "malware/software_route_restrict_installs/0", true },
	{ 4400, TAKAHASHI, "malware/safe_so_recover/2", true },
};

/* ------------------------------------------------------------------ */
/* 4. A scan from outside: nothing exposed, closed at triage.          */

static const struct cb_demo_note scan_notes[] = {
	{ 0, WEBER,
	  "IDS: sequential HTTP probes from 203.0.113.66 across "
	  "192.0.2.0/24, ~2,300 requests in 20 minutes, paths like "
	  "`/wp-login.php`, `/.env`, `/phpmyadmin/`. Two department web "
	  "servers answered (www-eng, www-sci)." },
	{ 40, ITO,
	  "FW・Web サーバのログ確認: 全リクエストが 404/403、応答サイズも"
	  "一定で情報の漏えいなし。203.0.113.66 を境界FWで 30 日間ブロック"
	  "しました。" },
	{ 60, WEBER,
	  "Nothing vulnerable exposed and no follow-up traffic, so this "
	  "stays a scan. Both server admins informed for awareness, no action "
	  "needed on their side. Closing." },
};

/* The urgency comes from the answer at 45. */
static const struct cb_demo_change scan_changes[] = {
	{ 5, WEBER, "phase", "triage" },
	{ 5, WEBER, "assignees", "weber" },
	{ 60, WEBER, "phase", "closed" },
};

/*
 * Closed from triage: what later phases ask is answered where the facts
 * are known and waived where it was not needed, so every gate is complete.
 * The head's judgment is waived on the head's word, recorded by Weber.
 */
static const struct cb_demo_answer scan_answers[] = {
	ANSWER(1, WEBER, "source", "alert"),
	ANSWER(1, WEBER, "reporter", "IDS alert (no outside reporter)"),
	ANSWER(6, WEBER, "classification", "scan"),
	ANSWER(6, WEBER, "affected_host", "192.0.2.10,www-eng,192.0.2.11,www-sci"),
	ANSWER(6, WEBER, "attack_scope",
	    "Inbound only: sequential HTTP probes from 203.0.113.66 across "
	    "192.0.2.0/24, ~2,300 requests in 20 minutes (/wp-login.php, "
	    "/.env, /phpmyadmin/). Two department web servers answered."),
	ANSWER(45, WEBER, "urgency", "low"),
	ANSWER(58, WEBER, "host_profile",
	    "www-eng and www-sci: the department web servers of 工学院 and "
	    "理学院, each run by its department's server admin. None of the "
	    "probed paths exists on them."),
	WAIVE(58, WEBER, "confidential_data",
	    "Not needed: every probe got 404/403 with a fixed-size reply, so "
	    "nothing on the servers was exposed or read."),
	ANSWER(58, WEBER, "root_cause",
	    "An outside scanner (203.0.113.66) probing the whole range for "
	    "common web weak spots; nothing on our side invited it."),
	WAIVE(58, WEBER, "safe_to_restore",
	    "Nothing to restore: no host was cut off or changed."),
	WAIVE(58, WEBER, "recovery_done",
	    "Nothing to restore: no host was cut off or changed."),
	FOR_HEAD(59, WEBER, "dept_severity", NULL,
	    "No department judgment needed: an outside scan that reached "
	    "nothing, no follow-up traffic.", KOBAYASHI),
	ANSWER(59, WEBER, "prevention",
	    "203.0.113.66 blocked at the border FW for 30 days; both server "
	    "admins informed. Nothing vulnerable is exposed."),
	WAIVE(59, WEBER, "report_filed",
	    "No MEXT report: a scan that reached nothing is not a reportable "
	    "incident."),
};

static const struct cb_demo_act scan_acts[] = {
	{ 6, WEBER, "scan/routine_alert_is_low/1", true },
};

/* ------------------------------------------------------------------ */
/* 5. P2P file sharing: a use-rule violation, still at intake.         */

static const struct cb_demo_note p2p_notes[] = {
	{ 0, NAKAMURA,
	  "ダッシュボードの P2P 検知: 198.51.100.77 (env-lab-pc03) から "
	  "BitTorrent の通信。過去 24 時間で約 3,400 ピア、上り 4.2 GB。"
	  "著作物の共有であれば利用規定違反。部局に確認します。" },
	{ 90, YAMADA,
	  "環境・社会理工学院の事務に連絡済み。研究室の端末管理者から、"
	  "明日の午前中に利用者と用途について回答をもらう予定です。" },
};

/*
 * At intake, nothing established yet: the one case whose checklist starts
 * from the beginning (the terminal UI's tests walk it).
 */

/* ------------------------------------------------------------------ */
/* 6. Phishing page reported by JPCERT/CC; in initial response.        */

static const struct cb_demo_note phish_notes[] = {
	{ 0, YAMADA,
	  "JPCERT/CC からメールで連絡がありました (cert@ 宛て)。\n"
	  "\n"
	  "- 198.51.100.140 上に、ネット銀行を装ったフィッシングサイトがある\n"
	  "- URL: `hxxps://chem-wp01.example.ac.jp/wp-content/uploads/.sec/"
	  "login.php`\n"
	  "- 対応と結果の連絡を依頼されている\n"
	  "\n"
	  "chem-wp01 は理学院 化学系の研究室の WordPress サーバです。" },
	{ 40, TAKAHASHI,
	  "Triage: 隔離環境から該当 URL を確認、フィッシングページの応答あり。"
	  "WordPress もプラグインも長く更新されておらず、サーバに侵入されて"
	  "置かれたとみて classes に intrusion を追加。学外の利用者が被害を"
	  "受けるので緊急性 high、研究室に公開停止を依頼します。" },
	{ 95, YAMADA,
	  "化学系の研究室に連絡、サーバ管理者 (博士課程の学生) が Web サーバを"
	  "停止しました。アクセスログとディスクは消さずに保全するよう"
	  "お願い済み。JPCERT/CC に一次回答 (公開停止済み) を送りました。" },
	{ 300, WEBER,
	  "Quick look at the access log: the kit was uploaded through a "
	  "vulnerable file-manager plugin about 9 days ago from 203.0.113.19. "
	  "Since then the phishing URL was requested from ~1,900 distinct "
	  "addresses and `login.php` received 214 form POSTs. Need the kit's "
	  "mailer config to see where the credentials went; handling "
	  "tomorrow with the lab." },
};

/* The classes come from the classification answered at 40. */
static const struct cb_demo_change phish_changes[] = {
	{ 25, TAKAHASHI, "phase", "triage" },
	{ 25, TAKAHASHI, "assignees", "takahashi,yamada" },
	{ 95, YAMADA, "phase", "initial" },
	{ 300, WEBER, "assignees", "takahashi,yamada,weber" },
};

/*
 * In initial response: the page is taken down, but whether the server must
 * also come off the network is still open (no attack on outside hosts).
 * What the lab told Yamada at 95 is already recorded for the handling.
 */
static const struct cb_demo_answer phish_answers[] = {
	ANSWER(1, YAMADA, "source", "external_report"),
	ANSWER(1, YAMADA, "reporter",
	    "JPCERT/CC (cert@ 宛てのメール。対応と結果の連絡を依頼されている)"),
	ANSWER(26, YAMADA, "affected_host",
	    "198.51.100.140,chem-wp01.example.ac.jp"),
	ANSWER(40, TAKAHASHI, "classification", "phishing,intrusion"),
	ANSWER(40, TAKAHASHI, "urgency", "high"),
	ANSWER(40, TAKAHASHI, "attack_scope",
	    "学外の利用者に向けたフィッシングページの公開 (ネット銀行を装った"
	    "もの)。当該サーバから学内外のホストへの攻撃通信は見られない"),
	ANSWER(40, TAKAHASHI, "external_targets", "no"),
	ANSWER(95, YAMADA, "host_profile",
	    "理学院 化学系の研究室の WordPress サーバ。管理者は博士課程の"
	    "学生。WordPress 本体もプラグインも長く更新されていない"),
};

static const struct cb_demo_act phish_acts[] = {
	{ 95, YAMADA, "phishing/external_report_raises_urgency/1", true },
	{ 95, YAMADA, "phishing/external_report_raises_urgency/2", true },
	{ 95, YAMADA, "phishing/external_report_raises_urgency/3", true },
	{ 95, YAMADA, "intrusion/external_report_raises_urgency/1", true },
};

/* ------------------------------------------------------------------ */
/* 7. A lab web page defaced; in report, waiting on the head's word.   */

static const struct cb_demo_note deface_notes[] = {
	{ 0, YAMADA,
	  "物理系の学生 (修士 2 年 佐々木さん) からメールで連絡がありました。\n"
	  "\n"
	  "- 研究室の Web ページ (www-phys-lab) のトップが、英語の政治的な"
	  "メッセージと画像に書き換えられている\n"
	  "- 今朝 9 時ごろに気づいた。画面の写しを添付してもらい、受領済み\n"
	  "\n"
	  "サーバは物理系の研究室が自分で運用しているものです。" },
	{ 20, TAKAHASHI,
	  "Triage: 隔離環境から確認、トップページの改ざんを確認しました。"
	  "閲覧者を攻撃するスクリプトは見当たりませんが、学外から見える状態"
	  "なので緊急性 high。HTML と画面の写しを保全してから、公開停止を"
	  "研究室に依頼します (山田さん経由)。" },
	{ 55, YAMADA,
	  "物理系事務室経由で研究室に連絡し、サーバを管理している助教と"
	  "話しました。\n"
	  "\n"
	  "- 12:10 にサイトをメンテナンス表示に切り替えてもらいました\n"
	  "- サーバは 6 年前に学生が作ったもの。CMS もプラグインも当時の"
	  "まま更新していない\n"
	  "- 更新は助教が FTP で行っている\n"
	  "- 置いているのは研究紹介と論文リストだけ。問い合わせフォームや"
	  "名簿はない、とのこと" },
	{ 600, WEBER,
	  "Web server logs (access log and FTP log, last 30 days):\n"
	  "\n"
	  "- A web shell `wp-content/uploads/2019/cache.php` was uploaded "
	  "through the old gallery plugin's upload hole 3 days before the "
	  "report, from 203.0.113.152.\n"
	  "- The shell was used twice: once to replace `index.php`, once to "
	  "list the document root. No database dump, no request for "
	  "anything outside the web root.\n"
	  "- FTP logins are the lab's own only.\n"
	  "\n"
	  "Cause: the unpatched gallery plugin. Nothing else on the server "
	  "was read as far as the logs show." },
	{ 2900, TAKAHASHI,
	  "Recovery (研究室と合意):\n"
	  "\n"
	  "1. サーバを作り直し、CMS とプラグインを最新版に。"
	  "ギャラリープラグインは使わない\n"
	  "2. 改ざん前 (1 か月前) のバックアップからコンテンツを戻す\n"
	  "3. FTP をやめて SFTP に、管理画面は学内からのみ\n"
	  "\n"
	  "15:30 に再公開。1 週間はファイルの改ざん検知を続けます。" },
	{ 4400, YAMADA,
	  "物理系長の小林先生に、改ざんの内容、公開されていた期間 (約 1 日)、"
	  "情報が読まれていないことを説明しました。重大度の判断は、研究室の"
	  "話も聞いてから来週返事をくださるとのことです。" },
};

static const struct cb_demo_change deface_changes[] = {
	{ 15, TAKAHASHI, "phase", "triage" },
	{ 15, TAKAHASHI, "assignees", "takahashi,yamada" },
	{ 56, YAMADA, "phase", "handling" },
	{ 600, WEBER, "assignees", "takahashi,yamada,weber" },
	{ 2900, TAKAHASHI, "phase", "recovery" },
	{ 2960, TAKAHASHI, "phase", "report" },
};

/*
 * In report: the CERT's part is done (prevention written), the head's
 * severity is not decided yet, so the case waits on the head.
 */
static const struct cb_demo_answer deface_answers[] = {
	ANSWER(1, YAMADA, "source", "user_report"),
	ANSWER(20, TAKAHASHI, "classification", "defacement"),
	ANSWER(20, TAKAHASHI, "urgency", "high"),
	ANSWER(55, YAMADA, "host_profile",
	    "理学院 物理系の研究室の Web サーバ。6 年前に学生が構築し、"
	    "CMS もプラグインもそのまま更新していない。管理者は助教で、"
	    "更新は FTP。置いているのは研究紹介と論文リストのみ"),
	ANSWER(55, YAMADA, "confidential_data", "no"),
	ANSWER(600, WEBER, "root_cause",
	    "Unpatched gallery plugin: a web shell uploaded through its "
	    "upload hole replaced index.php. Nothing outside the web root "
	    "was read."),
	ANSWER(2900, TAKAHASHI, "safe_to_restore", "yes"),
	ANSWER(2900, TAKAHASHI, "recovery_done", "now"),
	ANSWER(2960, TAKAHASHI, "prevention",
	    "CMS とプラグインを毎月更新し、使わないプラグインは削除。"
	    "FTP を廃止して SFTP に、管理画面は学内からのみ。"
	    "研究室が自分で運用している Web サーバの一覧を物理系で作り、"
	    "年に一度 CERT が確認する"),
};

static const struct cb_demo_act deface_acts[] = {
	{ 20, TAKAHASHI, "defacement/preserve_before_offline/0", true },
	{ 20, TAKAHASHI, "defacement/preserve_before_offline/1", true },
	{ 2900, TAKAHASHI, "defacement/safe_so_recover/1", true },
};

/* ------------------------------------------------------------------ */

const struct cb_demo_case cb_demo_cases[] = {
	{
		.created_days_ago = 46,
		.creator = ITO,
		.title = "研究室NASへの不正侵入 (SSH攻撃の踏み台)",
		.department = "工学院",
		.reporter = "NOC 伊藤 (異常トラフィック検知)",
		.hosts = "192.0.2.45,nas-mech-lab3",
		.notes = nas_notes, .n_notes = N(nas_notes),
		.changes = nas_changes, .n_changes = N(nas_changes),
		.answers = nas_answers, .n_answers = N(nas_answers),
		.acts = nas_acts, .n_acts = N(nas_acts),
	},
	{
		.created_days_ago = 22,
		.creator = WEBER,
		.title = "Web scan from 203.0.113.66",
		.classes = "scan",
		.department = "工学院, 理学院",
		.reporter = "IDS alert",
		.hosts = "192.0.2.10,www-eng,192.0.2.11,www-sci",
		.notes = scan_notes, .n_notes = N(scan_notes),
		.changes = scan_changes, .n_changes = N(scan_changes),
		.answers = scan_answers, .n_answers = N(scan_answers),
		.acts = scan_acts, .n_acts = N(scan_acts),
	},
	{
		.created_days_ago = 15,
		.creator = NAKAMURA,
		.title = "標的型メールのリンクからマルウェアDL",
		.classes = "malware",
		.department = "生命理工学院 事務部",
		.reporter = "支線FW アラート (Splunk)",
		.hosts = "198.51.100.23,bio-jimu-pc07",
		.notes = mail_notes, .n_notes = N(mail_notes),
		.changes = mail_changes, .n_changes = N(mail_changes),
		.answers = mail_answers, .n_answers = N(mail_answers),
		.acts = mail_acts, .n_acts = N(mail_acts),
	},
	{
		.created_days_ago = 7,
		.creator = NAKAMURA,
		.title = "Adware downloads and C2 beacons from lab PC",
		.classes = "malware",
		.department = "物質理工学院 材料系",
		.reporter = "Lastline / Splunk dashboard",
		.hosts = "192.0.2.130,mat-lab-pc12",
		.notes = adware_notes, .n_notes = N(adware_notes),
		.changes = adware_changes, .n_changes = N(adware_changes),
		.answers = adware_answers, .n_answers = N(adware_answers),
		.acts = adware_acts, .n_acts = N(adware_acts),
	},
	{
		.created_days_ago = 2,
		.creator = YAMADA,
		.title = "JPCERT/CC: phishing page on chem-wp01",
		.department = "理学院 化学系",
		.reporter = "JPCERT/CC",
		.hosts = "198.51.100.140,chem-wp01",
		.notes = phish_notes, .n_notes = N(phish_notes),
		.changes = phish_changes, .n_changes = N(phish_changes),
		.answers = phish_answers, .n_answers = N(phish_answers),
		.acts = phish_acts, .n_acts = N(phish_acts),
	},
	{
		.created_days_ago = 1,
		.creator = NAKAMURA,
		.title = "P2Pファイル共有ソフトの通信 (利用規定違反の疑い)",
		.classes = "policy",
		.department = "環境・社会理工学院",
		.notes = p2p_notes, .n_notes = N(p2p_notes),
		.changes = NULL, .n_changes = 0,
	},
	{
		.created_days_ago = 10,
		.creator = YAMADA,
		.title = "研究室Webページの改ざん (物理系)",
		.department = "理学院 物理系",
		.reporter = "物理系 修士2年 佐々木 (sasaki@example.ac.jp)",
		.hosts = "192.0.2.88,www-phys-lab",
		.notes = deface_notes, .n_notes = N(deface_notes),
		.changes = deface_changes, .n_changes = N(deface_changes),
		.answers = deface_answers, .n_answers = N(deface_answers),
		.acts = deface_acts, .n_acts = N(deface_acts),
	},
};
const size_t cb_demo_n_cases = N(cb_demo_cases);
