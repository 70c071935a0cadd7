"""Small files laid out exactly as publishers ship them, written into a temporary folder.

Where each layout comes from:
- UNHCR Data Finder: the CSV a download from unhcr.org/refugee-statistics/download returns
  (header `Year,"Country of origin","Country of origin (ISO)",...,"Returned IDPss",...`, `-` for
  none; the download's metadata lines before the header); API short names from the refugees R
  package data dictionary and ../shared/realdata/unhcr.
- UN Comtrade+: the 47 fields of a Comtrade+ CSV / API record (typeCode ... isAggregate) as
  documented for comtradeapicall getFinalData; values here are made up for the test.
- ACLED: the 31-column export named in ACLED's codebook (event_id_cnty ... timestamp), with a
  UTF-8 byte-order mark as the export tool writes it; dates in two historical formats.
- UCDP GED: the columns of the GED codebook 23.1 (id ... gwnob).
- ACLED HDX aggregates: admin rows with events, fatalities and reference periods as the
  hdx-scraper-acled output publishes them.
Figures in these samples are invented for the tests and never leave tests/.
"""

from __future__ import annotations

from pathlib import Path

UNHCR_DATAFINDER = (
    '"Extracted from UNHCR\'s Refugee Population Statistics Database"\n'
    '"Date extracted: 2025-06-12"\n'
    "\n"
    'Year,"Country of origin","Country of origin (ISO)","Country of asylum",'
    '"Country of asylum (ISO)","Refugees under UNHCR’s mandate",Asylum-seekers,'
    '"Returned refugees","IDPs of concern to UNHCR","Returned IDPss","Stateless persons",'
    '"Others of concern","Other people in need of international protection","Host Community"\n'
    "2023,Afghanistan,AFG,Tajikistan,TJK,7087,120,-,-,-,-,-,-,-\n"
    "2023,Afghanistan,AFG,Germany,DEU,200000,50000,-,-,-,-,-,-,-\n"
    "2023,Syrian Arab Rep.,SYR,Germany,DEU,500000,40000,-,-,-,-,-,-,-\n"
    "2024,Afghanistan,AFG,Kazakhstan,KAZ,300,63,-,-,-,-,-,1200,-\n"
)
UNHCR_TRIMMED = (
    'Year,"Country of origin","Country of asylum","Refugees under UNHCR’s mandate",'
    "Asylum-seekers\n"
    "2023,Afghanistan,Tajikistan,7087,120\n"
    "2023,Iran (Islamic Rep. of),Türkiye,30,-\n"
    "2023,Afghanistan,Atlantis,5,-\n"
)
COMTRADE_FIELDS = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,"
    "reporterDesc,flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,"
    "partner2ISO,partner2Desc,classificationCode,classificationSearchCode,"
    "isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,"
    "altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
    "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,"
    "isAggregate"
)


def comtrade_row(reporter, iso, flow, partner, piso, period, cmd, value, customs="C00",
                 mot="0", partner2="0") -> str:  # fmt: skip
    cif = value if flow == "M" else ""
    fob = value if flow == "X" else ""
    return (
        f"C,{'M' if len(period) == 6 else 'A'},{period}01,{period[:4]},{period[4:] or 52},"
        f"{period},{reporter},{iso},Name,{flow},Flow,{partner},{piso},Partner,{partner2},W00,"
        f"World,H6,HS,True,{cmd},Desc,0,False,{customs},TOTAL CPC,0,{mot},TOTAL MOT,-1,N/A,0,"
        f"False,-1,N/A,0,False,0,False,0,False,{cif},{fob},{value},0,True,True"
    )


COMTRADE_CSV = "\n".join([
    COMTRADE_FIELDS,
    comtrade_row(398, "KAZ", "X", 4, "AFG", "2022", "TOTAL", "987654321.5"),
    comtrade_row(398, "KAZ", "M", 4, "AFG", "2022", "TOTAL", "12345678"),
    comtrade_row(398, "KAZ", "RX", 4, "AFG", "2022", "TOTAL", "111"),
    comtrade_row(398, "KAZ", "X", 4, "AFG", "202203", "1001", "5000"),
    comtrade_row(398, "KAZ", "X", 4, "AFG", "2022", "TOTAL", "5", customs="C01"),
    comtrade_row(842, "USA", "M", 860, "UZB", "2022", "TOTAL", "300"),
    comtrade_row(842, "USA", "M", 490, "S19", "2022", "TOTAL", "10"),
    comtrade_row(251, "FRA", "X", 250, "DEU", "2022", "TOTAL", "10"),
]) + "\n"  # fmt: skip

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)


def acled_row(eid, date, country, iso, lat, lon, fatalities, sub="Armed clash") -> str:
    return (
        f"{eid},{date},2022,1,Political violence,Battles,{sub},Military Forces of Kyrgyzstan,,"
        f"State forces,Military Forces of Tajikistan,,State forces,State forces-State forces,,"
        f"{iso},Caucasus and Central Asia,{country},Batken,Batken,,Kok-Tash,{lat},{lon},1,"
        f'Source A,National,"Clashes at the border, with a comma and a\nline break",'
        f"{fatalities},,1663000000"
    )


ACLED_CSV = "\ufeff" + "\n".join([
    ACLED_HEADER,
    acled_row("KGZ1", "2022-09-14", "Kyrgyzstan", 417, "39.95", "70.85", 3),
    acled_row("TJK2", "16 September 2022", "Tajikistan", 762, "39.90", "70.70", 10),
    acled_row("DEU3", "2022-09-14", "Germany", 276, "52.5", "13.4", 0),
]) + "\n"  # fmt: skip

UCDP_HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob"
)


def ucdp_row(eid, where_prec, country, gw, low, best, high, date="2022-09-14") -> str:
    return (
        f'{eid},ID,2022,TRUE,Clear,1,13324,13324,"Kyrgyzstan, Tajikistan",1,1,dyad,1,1,'
        f"Government of Kyrgyzstan,2,2,Government of Tajikistan,2,article,office,{date},"
        f"headline,orig,{where_prec},Batken,Batken area,Batken province,,39.9,70.8,"
        f'"POINT (70.8 39.9)",1,{country},{gw},Asia,1,1,{date} 00:00:00.000,'
        f"{date} 00:00:00.000,0,0,0,0,{best},{high},{low},703,702"
    )


UCDP_CSV = "\n".join([
    UCDP_HEADER,
    ucdp_row(1, 1, "Kyrgyzstan", 703, 20, 24, 30),
    ucdp_row(2, 4, "Tajikistan", 702, 5, 5, 9),
    ucdp_row(3, 7, "Tajikistan", 702, 1, 1, 1),
]) + "\n"  # fmt: skip

ACLED_AGG_CSV = (
    "location_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,admin1_code,"
    "admin1_name,admin2_code,admin2_name,admin_level,event_type,events,fatalities,"
    "reference_period_start,reference_period_end\n"
    "AFG,Y,Y,,,,,,,0,political_violence,7,12,2024-01-01,2024-01-31\n"
    "AFG,Y,Y,Kabul,,AF01,Kabul,,,1,political_violence,4,10,2024-01-01,2024-01-31\n"
    "AFG,Y,Y,Kunar,,AF15,Kunar,,,1,political_violence,3,2,2024-01-01,2024-01-31\n"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
