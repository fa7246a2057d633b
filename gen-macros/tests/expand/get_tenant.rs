#[generator]
async fn get_tenant(db: &Db, tenant_id: u32) -> Tenant {
    println!("1. query start");
    let tenant = db.get(tenant_id).await;
    println!("2. query done");
    tenant
}
