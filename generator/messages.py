"""The core problem codes (files, tables, the hub network, the site's configuration), in Chinese, for the office.

Features register their own codes beside these (see problems.register_messages).
"""

from __future__ import annotations

# code -> (message template, hint template). Placeholders are filled from the
# keyword arguments given to `problem()`; `found` and `expected` are always there.
CORE_MESSAGES: dict[str, tuple[str, str]] = {
    # files and encodings
    "file-missing": ("找不到文件 {file}", "请确认文件名和位置：mkdocs.yml 在项目文件夹里，数据文件在其中的 data/ 文件夹里"),
    "file-unreadable": ("无法读取文件：{reason}", ""),
    "encoding-gbk": (
        "文件不是 UTF-8 编码（看起来是 GBK/GB18030，中文版 Excel/WPS 的默认编码）",
        "{convert}",
    ),
    "encoding-utf16": (
        "文件是 UTF-16 编码（Excel 的“Unicode 文本”格式）",
        "{convert}",
    ),
    "encoding-invalid": ("文件中有无法识别的字节，不是有效的 UTF-8 文本", "请用 UTF-8 编码重新保存"),
    "nul-byte": ("文件中含有空字符（NUL），可能不是文本文件或已损坏", "请从原表格重新导出 CSV"),
    # a workbook where a CSV should be: saved under the CSV's name, or beside it instead of it
    "file-is-workbook": ("{file} 其实是 {kind}，不是 CSV", "{convert}"),
    "file-missing-workbook": ("找不到文件 {file}，但同一文件夹里有同名的工作簿 {workbook}", "{convert}"),
    "data-file-unread": ("data/ 中的 {found} 不会被读取：没有叫这个名字的数据文件", "{advice}；认得的名字：{expected}"),
    "file-too-large": (
        "文件太大（{found}），超过上限 {expected}",
        "数据文件通常不到 1 MB：请确认没有选错文件，或删除多余的内容",
    ),
    # YAML
    "yaml-syntax": ("YAML 格式错误：{reason}", "检查这一行及上一行的缩进、冒号和引号"),
    "yaml-duplicate-key": (
        "键 {found} 重复出现（第一次在第 {first_line} 行）",
        "同一层级的键只能出现一次；请合并或删除重复的一项",
    ),
    "yaml-missing-dash": (
        "第 {item_line} 行像是新的一项，但前面少了「- 」",
        "列表的每一项都以「- 」开头：写成「- {found}」，「- 」与上一项的「- 」对齐{otherwise}",
    ),
    "yaml-indent": ("第 {item_line} 行{what}{indented}，{whose}{theirs}", "{rule}：{fix}"),
    "yaml-comment-in-value": (
        "「{found}」后面的「{dropped}」被当作注释，不会出现在网站上",
        "# 前面有空格时，YAML 把 # 和后面的文字当作注释；要保留整段文字，请加英文引号写成 {fix}",
    ),
    "yaml-alias": ("不允许使用 YAML 锚点或别名（{found}）", "请把内容直接写出来，不要用 & 和 * 引用"),
    "yaml-tag": ("不允许使用 YAML 类型标签 {found}", "请删除以 ! 开头的标签，直接写值"),
    "yaml-multiple-documents": ("文件中有多个 YAML 文档（出现了 ---）", "一个文件只写一个文档；删除多余的 --- 分隔线"),
    "yaml-unquoted": (
        "{subject}的{field}「{found}」没有加引号，YAML 会把它读成{yaml_kind}",
        "请加上英文引号写成 \"{found}\"",
    ),
    "leading-zero": (
        "{subject}的{field}「{found}」以 0 开头",
        "数字不要以 0 开头（YAML 会把 010 读成八进制的 8）：请写成 {expected}",
    ),
    "yaml-shape": ("{subject}应为{expected}，实际是{found}", "请对照 README 中的示例检查这一段的格式"),
    "unknown-field": ("{subject}中有未知的字段 {found}", "可用的字段：{expected}"),
    "hubs-empty": (
        "data/hubs.yaml 是空的（或只有注释）：街道、友邻中心和友邻站都写在这个文件里",
        "要写的段是 {expected}；各段的字段用 python -m generator fields hubs.yaml 查看，也可以从示例数据的 data/hubs.yaml 改起",
    ),
    "hubs-section-missing": (
        "缺少「{subject}」一段（{found}）",
        "请在文件顶层写上“{found}:”这一段（{shape}）；它的字段可以用 python -m generator fields {found} 查看",
    ),
    # CSV structure
    "csv-syntax": ("CSV 格式错误：{reason}", "检查这一行的英文双引号是否成对"),
    "header-missing": ("表头缺少必需的列 {found}", "表头应包含：{expected}"),
    "header-unknown": ("表头中有未知的列 {found}", "可用的列：{expected}"),
    "header-duplicate": ("表头中列 {found} 出现了不止一次", "每一列只能出现一次"),
    "header-blank": ("表头第 {column} 列是空的", "请填写列名，或删除这一空列"),
    "header-separator": (
        "表头看起来用了{separator}分隔",
        "CSV 必须用英文逗号“,”分隔各列{advice}",
    ),
    "header-not-found": (
        "第一行不是表头：没有一个认得的列名（这一行是「{found}」）",
        "表头行可能被删掉了：第一行应为列名 {expected}，可以从上一个版本复制回来",
    ),
    "header-title": (
        "第 {line_no} 行像是标题（「{found}」），表头在第 {header_line} 行",
        "删除第 {line_no} 行：第一行必须是表头",
    ),
    "header-chinese": (
        "表头写成了中文：第一行要写字段名（这一行是「{found}」）",
        "请把第一行改为 {expected}，或用 python -m generator import {file} --output {file} 改好"
        "（各字段的字段名和中文名见 python -m generator fields {table}）",
    ),
    "cell-count": (
        "这一行有 {found} 个单元格，表头有 {expected} 列",
        "检查是否多了或少了逗号；含逗号的内容要用英文双引号括起来{advice}",
    ),
    "file-empty": ("文件是空的，连表头也没有", "请从备份恢复，或至少写上表头一行（各列名称见 README）"),
    # values (frictionless)
    "type-error": ("{subject}的{field}「{found}」不是有效的{expected}", "{hint}"),
    "required": ("{subject}的{field}不能为空", "请填写{field}"),
    "field-missing": ("{subject}缺少{field}（{key}:）这一行", "{where}加一行 {key}: 后面写{field}{described}"),
    "pattern": ("{subject}的{field}「{found}」格式不对", "应为{expected}"),
    "enum": ("{subject}的{field}「{found}」不是可选的值", "可选值：{expected}"),
    "out-of-range": ("{subject}的{field} {found} 超出范围", "应{expected}"),
    "length": ("{subject}的{field}「{found}」长度不对", "应{expected}{advice}"),
    "duplicate-id": ("{subject}的编号 {found} 重复（第一次在第 {first_line} 行）", "每个编号只能用一次"),
    "foreign-key": ("{subject}的{field} {found} 不存在", "可选值见 {where}"),
    "foreign-key-none": (
        "{count} 个{subject}的{field}都找不到：还没有一个{referred}",
        "先写好{referred}（{where}），再检查一次",
    ),
    # one key many rows refer to, not in its table: a row deleted or an id renamed, not a typo in each of them
    "foreign-key-gone": (
        "{referred} {found} 不存在，但有 {count} 个{subject}的{field}写的是它：{rows}",
        "可能是删掉了它的一项，或改了它的编号（{where}）：请恢复它{closed}；或者把这 {count} 个{subject}的{field}改成现有的{referred}",
    ),
    # a CSV opened in Excel/WPS and saved again: the cells it rewrote, told with the command that writes them back
    "spreadsheet-resaved": (
        "{file} 像是用 Excel/WPS 打开后又保存的：有 {count} 格是表格软件改过的写法，如{examples}",
        "{lost}运行 python -m generator import {file} --output {file}，把{rest}改回规范的写法（日期写成 年-月-日，"
        "号码还原），再检查一次",
    ),
    "spreadsheet-column": (
        "{subject}的{field}有 {count} 格是表格软件改过的写法：第 {lines} 行{more}，如「{found}」",
        "{advice}",
    ),
    "list-empty-item": (
        "{subject}的{field}「{found}」{place}多了{count}{mark}",
        "{mark}只用在两项之间：写成「{expected}」",
    ),
    "list-no-items": ("{subject}的{field}「{found}」只有{mark}，没有内容", "请填写{field}，多项之间用{mark}隔开"),
    # text hygiene: what a page, a template engine or a spreadsheet could execute
    "unsafe-html": (
        "{subject}的{field}中含有网页代码「{found}」",
        "网站只显示文字：请删除尖括号里的代码（如 <script>、<img>、onerror=）",
    ),
    "unsafe-url": (
        "{subject}的{field}中含有不允许的链接「{found}」",
        "链接只能以 https://、http://、tel: 或 mailto: 开头",
    ),
    "template-syntax": (
        "{subject}的{field}中含有模板代码「{found}」",
        "请删除“{{{{”“{{%”“{{#”这样的花括号标记",
    ),
    "formula-cell": (
        "{subject}的{field}「{found}」以 {char} 开头，Excel/WPS 会把它当作公式执行",
        "请删除开头的 {char}；表示“无”时请留空",
    ),
    "control-char": (
        "{subject}的{field}中含有看不见的控制字符 {found}",
        "常见于从其他软件复制粘贴：请删除后重新输入这段文字",
    ),
    # personal data typed into free text: the site publishes the text as it is
    "id-number-in-text": (
        "{subject}的{field}中有身份证号 {found}",
        "网站会原样公开这一栏（网页、海报和搜索）：请删掉这个身份证号",
    ),
    "phone-in-text": (
        "{subject}的{field}中有手机号 {found}",
        "网站会原样公开这一栏：居民或负责人的私人号码请删掉（负责人的电话填在 data/points.csv 的 leader_phone 列，"
        "本人同意后才公开）；办公室对外公开的电话请从这里删掉，填在 data/hubs.yaml 中友邻站、中心或街道的 phone 字段",
    ),
    # ... and into a field the site never shows: kept in git, whose history keeps it and may be public
    "id-number-in-record": (
        "{subject}的{field}中有身份证号 {found}",
        "这一栏不会出现在网站上，但数据文件保存在 git 仓库里：提交后会一直留在修改历史中，仓库和检查日志也可能是公开的；"
        "记录用不到身份证号，请删掉",
    ),
    "content-unsafe": (
        "手写页面中含有{what}「{found}」",
        "手写页面只能用 Markdown 和普通链接（https、http、tel、mailto）；请删除这段代码",
    ),
    # importing a spreadsheet export
    "import-table-unknown": (
        "看不出这是哪张表：{what}",
        "{closest}请核对表头的列名（各表的列名见 python -m generator fields），或用 --table 指明是哪张表（可选：{expected}）",
    ),
    "import-header-merged": (
        "表头有合并单元格 {found}：表头只能是一行",
        "请取消合并，每一列在表头行写一个列名（如把“负责人”下的“电话”写成“负责人电话”），删掉多出来的表头行后再导入",
    ),
    "import-mangled-number": (
        "{field} 列的「{found}」被表格软件改成了科学计数法，部分数字已经丢失",
        "无法自动恢复：请在 Excel/WPS 中把这一列设为“文本”格式，重新输入号码后再导出",
    ),
    "import-formula": (
        "{column} 列是公式「{found}」",
        "请在 Excel/WPS 中复制这一列，“选择性粘贴 → 数值”后再导入",
    ),
    "import-xls": (
        "这是旧版 Excel（.xls）文件，无法直接读取",
        "请在 Excel/WPS 中“另存为” .xlsx 或“CSV UTF-8（逗号分隔）”后再导入",
    ),
    "import-unreadable": (
        "无法读取这个表格文件（{reason}）",
        "文件可能已损坏或不是 .xlsx：请重新导出，或另存为“CSV UTF-8（逗号分隔）”",
    ),
    "import-target-invalid": (
        "现有的数据文件有无法自动修正的问题（见上），不能把表格合并进去",
        "请先修好这个文件（python -m generator check 也会指出位置）；确定要用表格替换整个文件时，加 --replace",
    ),
    "import-needs-replace": (
        "数据文件已有 {found} 行记录，这张表没有编号，分不出表格中哪些行是新的",
        "请把现有记录也放进表格，再加 --replace 用它替换整个文件",
    ),
    # the built site
    "leak": (
        "生成的网站中出现了不公开的{what}（{subject}，{found}）",
        # origin: where the value was written — the data a generated page shows, or else
        # the hand-written pages, templates and theme (see leaks._origin)
        "网站不能发布：{origin}，再重新构建",
    ),
    # cross-checks
    "subsidy-mismatch": (
        "{subject}的年度补助 {found} 元与补助政策 {expected} 元不符",
        "如确属例外，请在 subsidy_exception 列写明原因",
    ),
    "hub-id-shared": (
        "{subject}的编号与{expected}的编号相同",
        "街道、友邻中心、友邻站和友邻点的编号都不能相同（不分大小写），否则议题、会议和支出不知道指的是哪一个："
        "请给其中一个换个编号",
    ),
    "date-future": (
        "{subject}的{field} {found} 晚于今天（{expected}）",
        "这里记录已经发生的事：请检查年份和月份",
    ),
    "point-station-closed": (
        "{subject}的状态是「{found}」，但它所属的{station}已关闭",
        "把它改到在运行的友邻站（station 列），或把它的 status 也改为 closed",
    ),
    "point-station-planned": (
        "{subject}的状态是「{found}」，但它所属的{station}还在筹建中",
        "友邻站已经在运行的话，把友邻站的 status 改为 active；否则把这个友邻点的 status 改为 planned",
    ),
    "area-mismatch": (
        "{subject}标为{found}，但所属的{community}属于{expected}",
        "请改正 area 字段，或检查所属社区是否填错",
    ),
    "annex-total-mismatch": (
        "{subject}的{field}合计印为 {expected}，但各行相加为 {found}",
        "附件应与原文一致：请核对各行数字和合计",
    ),
    "compound-unknown": (
        "{subject}服务的小区「{found}」不在 {community} 的小区名单中",
        "可选值见 {where}（{community}的小区：{expected}）",
    ),
    "compound-elsewhere": (
        "{subject}服务的小区「{found}」是{other}的小区，但这个友邻点所属的友邻站 {station} 在{community}",
        "请检查这个友邻点的 station 是否填错；如果小区确实归{community}，在 {where} 中改它的 community",
    ),
    "closed-on-missing": (
        "{subject}的状态是「已关闭」，但没有填写关闭日期",
        "请填写 closed_on（年-月-日，如 2021-06-30）：它的页面会写明哪天关闭，补助台账拨付到关闭那年为止；"
        "没有关闭日期时，台账拨付到它最后一笔支出的那一年",
    ),
    "closed-on-not-closed": (
        "{subject}填写了关闭日期 {found}，但状态是「{expected}」",
        "已经关闭的，把 status 改为 closed；还在运行或暂停的，删掉关闭日期（closed_on）",
    ),
    "closed-before-established": (
        "{subject}的关闭日期 {found} 早于设立日期 {expected}",
        "请核对两个日期的年份和月份",
    ),
    "established-missing": (
        "{subject}的状态是「{found}」，但没有填写设立日期",
        "补助从设立那年开始拨付：没有设立日期，首页的每年补助合计把它算作 0 元，它的页面上没有每年的补助金额，补助台账也不给它拨付。"
        "请填写 established（年-月-日，如 2017-05-18；记不清哪一天时写那个月的 1 日）；还没有设立的，把 status 改为 planned",
    ),
    "coordinates-far-street": (
        "{subject}的位置（纬度、经度 {found}）离{street}各友邻点的中间约 {distance} 公里",
        "请核对纬度和经度：可能打错了一位，或把纬度和经度写反了（纬度在前），或从别处的地图上抄来；"
        "否则地图和开放数据会把它放在别处",
    ),
    "coordinates-far": (
        "{subject}的位置（纬度、经度 {found}）离{community}其他友邻点的中间约 {distance} 公里",
        "请核对纬度和经度：可能打错了一位，或把纬度和经度写反了（纬度在前）；否则地图上其他友邻点会挤在一起",
    ),
    "services-separator": (
        "{subject}的服务内容「{found}」像是几项写在了一起",
        "多项之间用顿号「、」分隔：写成「{expected}」；不然网站和开放数据里它只算一项",
    ),
    "compound-separator": (
        "{subject}的服务小区「{found}」是几个小区写在了一起",
        "小区之间用顿号「、」分隔：写成「{expected}」",
    ),
    "compound-extra-separator": (
        "{subject}的服务小区「{found}」多了分隔符",
        "只写小区的名称，多个小区之间用顿号「、」分隔：写成「{expected}」",
    ),
    "compound-name-duplicate": (
        "{subject}的小区「{found}」列了两次（第一次在第 {first_line} 行）",
        "一个小区只写一行：删掉这一行；如果本来是两个小区，请写出能区分它们的名字",
    ),
    "compound-duplicate": ("{subject}的服务小区中「{found}」重复", "每个小区只写一次"),
    "consent-missing": (
        "{subject}公开了负责人的{field}，但没有填写同意公开的日期",
        "公开个人信息须本人同意：请填写 leader_consent_date（同意公开日期），或把 {column}改为 {private}",
    ),
    "private-in-public": (
        "{subject}的“{field}”中写有{whose}不公开的{what}（{found}）",
        "网站会照原样公开这一栏：请把它删掉；如果本人同意公开，请在 data/points.csv 的 {column} 中选择公开方式，"
        "并填写同意日期 leader_consent_date",
    ),
    # a phone a feature keeps (a resident's callback number): the leak scan takes the network's text for published
    "resident-phone-in-public": (
        "{subject}的“{field}”（{column}）中写有{whose}不公开的电话（{found}）",
        "网站会照原样公开这一栏：请把它删掉；这是{whose}留给社工联系的号码，只记在那条记录里，不在网站上公开",
    ),
    "consent-unused": (
        "{subject}填写了负责人电话公开方式 {found}，但没有填写电话",
        "请填写 leader_phone，或把 leader_phone_publication 改为 none",
    ),
    "compound-count": (
        "{subject}在附件中有 {expected} 个{unit}，小区名单中有 {found} 个",
        "请在 {where} 中补齐或核对{unit}名单",
    ),
    # plan gaps: warnings, shown on the site as well
    "plan-gap-points": (
        "{subject}计划建设友邻点 {expected} 个，数据中列出 {found} 个（含筹建中的）",
        "请核对数据是否漏列或多列；网站上“关于规划”“规划进展”页只拿已设立的和规划（附件）对照，筹建中的不算",
    ),
    "plan-gap-tier": (
        "{subject}目标 {expected} 个，数据中列出 {found} 个（含筹建中的）",
        "请核对数据是否漏列或多列；网站上“关于规划”“规划进展”页只拿已设立的和目标对照，筹建中的不算",
    ),
    "community-without-station": ("{subject}还没有友邻站", "在 data/hubs.yaml 的 stations 中为它设立友邻站"),
    "station-empty": ("{subject}下面还没有友邻点", "在 data/points.csv 中为它添加友邻点"),
    "compound-unserved": ("{subject}还没有友邻点为它服务", "在某个友邻点的 compounds 列中加上这个小区"),
    "invalid-row": ("{subject}有问题：{reason}", ""),
    # project layout
    "site-url-example": (
        "mkdocs.yml 的 site_url「{found}」是示例地址，海报和纸质表格上的二维码会指向它",
        "发布网站前，把 site_url 改成网站的真实地址，再打印海报和表格",
    ),
    "site-url-missing": (
        "mkdocs.yml 没有 site_url，海报和纸质表格上不会印二维码，站点地图和开放数据里也没有网址",
        "写上网站的真实地址，如 site_url: https://youlin.某街道.gov.cn/",
    ),
    "output-collision": (
        "网站中有两个文件都要写到 {found}",
        "通常是某个编号（友邻站、友邻点、社区）与网站自带的页面同名，如 index、tracker、topics、meetings；请换一个编号",
    ),
    "content-collision": (
        "手写页面 {found} 与生成的页面同名",
        "请给 content/ 中的这个文件换个名字",
    ),
    "config-invalid": ("mkdocs.yml 配置有问题：{reason}", "{hint}"),
}


# Added to foreign-key-gone's hint when the table it refers to keeps what was closed (a station's status).
GONE_CLOSED = "（已经撤销的，把 status 改为 closed——撤销的不删，它的记录仍然有效）"
# spreadsheet-resaved: numbers whose digits Excel dropped, which import refuses until they are typed again.
RESAVED_LOST = ("有 {count} 个号码被改成科学计数法时丢了后面的数字，无法还原：请先从上一个版本把它们复制回来"
                "（或在表格中把那一列设为“文本”后重新输入）；再")
RESAVED_EXAMPLES = {"date": "日期「{found}」", "exponent": "号码「{found}」", "exponent-lost": "号码「{found}」"}
# spreadsheet-column's hint, by what Excel did to the column's cells.
SPREADSHEET_COLUMN = {
    "date": "日期要写成 年-月-日（「{found}」写成 {fixed}）：运行 python -m generator import {file} --output {file} "
            "会把这些一起改好",
    "exponent": "Excel 把号码变成了科学计数法（「{found}」是 {fixed}）：运行 python -m generator import {file} "
                "--output {file} 会把这些一起还原",
    "exponent-lost": "Excel 把号码变成了科学计数法，后面的数字已经丢了：请从上一个版本把这些号码复制回来，"
                     "或把这一列设为“文本”后重新输入",
}
