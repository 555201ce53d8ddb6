"""Run by tests/test_oim.py in a subprocess (Arelle, the test-only oracle, offline): load each
file named (xBRL-XML, xBRL-JSON or xBRL-CSV metadata) with our taxonomy package, validate it
(calculations c10), and print JSON: per file, its facts (concept, entity, period, dimensions,
unit measures, decimals, value) and the messages above info.

    python tests/arelle_facts.py PACKAGE.zip FILE...
"""
import json
import logging
import sys

from arelle import Cntlr, PackageManager
from arelle.ModelFormulaObject import FormulaOptions
from arelle.ValidateXbrlCalcs import ValidateCalcsMode


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(f"{getattr(record, 'messageCode', '')} {record.getMessage()}"[:300])


def _fact(fact) -> dict:
    ctx = fact.context
    if ctx.isInstantPeriod:
        period = ["instant", str(ctx.instantDatetime)]
    elif ctx.isForeverPeriod:
        period = ["forever"]
    else:
        period = [str(ctx.startDatetime), str(ctx.endDatetime)]
    dims = sorted([str(axis), str(value.memberQname) if value.isExplicit else value.typedMember.stringValue]
                  for axis, value in ctx.qnameDims.items())
    unit = None
    if fact.unit is not None:
        numerator, denominator = fact.unit.measures
        unit = [sorted(str(m) for m in numerator), sorted(str(m) for m in denominator)]
    return {"concept": str(fact.qname), "entity": list(ctx.entityIdentifier), "period": period, "dims": dims,
            "unit": unit, "decimals": fact.decimals, "value": None if fact.isNil else fact.value}


def main(package: str, files: list[str]) -> dict:
    cntlr = Cntlr.Cntlr(logFileName="logToBuffer")
    cntlr.webCache.workOffline = True
    collect = _Collect()
    cntlr.logger.addHandler(collect)
    cntlr.modelManager.validateCalcs = ValidateCalcsMode.XBRL_v2_1  # (--calc=c10)
    cntlr.modelManager.formulaOptions = FormulaOptions()  # (set by the command line; validate needs it)
    PackageManager.init(cntlr, loadPackagesConfig=False)
    PackageManager.addPackage(cntlr, package)
    PackageManager.rebuildRemappings(cntlr)
    out = {}
    for name in files:
        collect.records = []
        model = cntlr.modelManager.load(name)
        cntlr.modelManager.validate()
        out[name] = {"facts": [_fact(f) for f in model.facts], "problems": list(collect.records)}
        cntlr.modelManager.close()
    return out


if __name__ == "__main__":
    json.dump(main(sys.argv[1], sys.argv[2:]), sys.stdout)
