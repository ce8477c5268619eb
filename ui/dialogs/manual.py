"""帮助 → 使用说明 (F1): the in-app manual in Chinese — the pages, the yearly self-assessment, importing,
printing and backup. Plain text in one place; shown in a read-only browser with a table of contents."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.widgets.screen import fit_size

SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "第一次使用",
        "<p>打开工作台，按“第一次使用：四步开始”逐项完成：</p><ol>"
        "<li><b>站点信息</b>：填写站点名称、类型（社区或村）和所在区县、街镇；</li>"
        "<li><b>导入台账或新增人员</b>：已有 Excel 台账用“文件 → 导入台账”（Ctrl+I）一次导入，"
        "没有时在“劳动力台账”逐人新增（Ctrl+N）；</li>"
        "<li><b>工作人员</b>：在“站点信息”登记站长和专职人员，记录服务时的经办人从这里选；</li>"
        "<li><b>第一次自评</b>：在“自评”选择所在地标准和报告期，看还差哪些分。</li></ol>"
        "<p>每完成一步自动打勾；四步都完成后，引导不再显示。</p>",
    ),
    (
        "各页面",
        "<ul>"
        "<li><b>工作台</b>：今天的待办（每月联系、一人一策、零就业家庭清零、毕业生服务等），"
        "单击一行打开要处理的记录；本月关键数字和图表。</li>"
        "<li><b>劳动力台账</b>：全部人员。搜索框可输入姓名、拼音首字母（如 zw 找张伟）、身份证号片段、"
        "电话（空格、横线可有可无）或户编号；按 Enter 或 ↓ 进入列表，Enter 打开。"
        "选中多行后 Ctrl+C 复制（含表头，身份证号为遮挡后的样子），右键“导出所选”存为 Excel。</li>"
        "<li><b>人员信息</b>：基本信息、六清、失业登记、就业困难认定、就业记录、高校毕业生、家庭成员。"
        "“家庭情况”里可添加成员（户编号、住址、网格不用再填）、迁到其他户、移出本户，"
        "并登记零就业家庭认定；家庭成员就业后自动显示“已清零”。</li>"
        "<li><b>迁出、死亡、退休</b>：不要删除，在人员信息的“在册状态”里登记离开原因和日期。"
        "此后不再计入劳动年龄人员和待办，历史记录保留。“删除”只用于录错的人员，"
        "删除的人员连同记录进入“回收站”，可以恢复。</li>"
        "<li><b>重点人员帮扶</b>：就业困难人员、零就业家庭成员等的服务时间线和帮扶计划。</li>"
        "<li><b>服务记录</b>：所有服务；“记录服务”中输入姓名、拼音首字母或电话即可选人。</li>"
        "<li><b>岗位与匹配</b>：用人单位、岗位、推荐与回访、人岗匹配。</li>"
        "<li><b>申报与报表</b>：各类报表和申报材料，先预览再打印或保存。</li>"
        "<li><b>站点信息</b>、<b>设置与备份</b>：站点资料、工作人员；数据文件、备份与恢复。</li></ul>",
    ),
    (
        "每年的自评",
        "<ol><li>平时：按待办及时联系就业困难人员（每月至少一次），认定后 30 天内制定一人一策，"
        "零就业家庭尽快帮助一人就业，毕业生按要求服务。</li>"
        "<li>自评前：核对台账（调查日期一年内、六清齐全），在“自评”选择标准和报告期。</li>"
        "<li>自动计算的项目直接出分；需要人工判断的项目勾选或填写，并上传佐证材料。</li>"
        "<li>看“失分项”，按可挽回分值从高到低补齐，再次计算。</li>"
        "<li>保存自评，打印自评表，签字盖章后上报。</li></ol>",
    ),
    (
        "导入台账",
        "<p>“文件 → 下载空白模板”得到标准格式；已有台账的列名相近也可识别。"
        "“文件 → 导入台账”先检查全部内容：有问题时一条也不写入，并列出每个问题所在的工作表、行和列，"
        "可另存为 Excel 对照修改；没有问题才一次写入。</p>",
    ),
    (
        "打印",
        "<p>在“申报与报表”或“自评”中先生成预览，核对无误后点“打印”，选择打印机；"
        "也可保存为 PDF 或 Excel 再打印。身份证号默认遮挡，需要完整号码时由站长导出。</p>",
    ),
    (
        "备份",
        "<p>全部数据保存在本机的一个数据文件中，不联网。请在“设置与备份”中定期备份到 U 盘等其他位置；"
        "恢复时先检查备份文件完好再替换。升级程序前会自动保留一份旧数据。</p>"
        "<p>数据文件加密后（站长，命令 encrypt），打开时要输入账号和密码。数据文件旁的 .keys 密钥文件"
        "必须和数据一起备份，没有它加密的数据无法打开；加密时显示的恢复码请打印后妥善保管。"
        "加密之前设置的账号密码需由站长重设后才能打开加密文件。</p>",
    ),
)


def manual_html() -> str:
    toc = "".join(f'<li><a href="#s{i}">{title}</a></li>' for i, (title, _b) in enumerate(SECTIONS))
    body = "".join(f'<h3><a name="s{i}"></a>{title}</h3>{text}' for i, (title, text) in enumerate(SECTIONS))
    return f"<h2>使用说明</h2><ul>{toc}</ul>{body}"


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        fit_size(self, 760, 640)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(manual_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
